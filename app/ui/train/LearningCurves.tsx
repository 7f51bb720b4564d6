import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

import type { EpochLog } from '../../ml/train/train';

interface CurvesProps {
  history: EpochLog[];
  metric: 'loss' | 'accuracy';
}

const WIDTH = 420;
const HEIGHT = 180;

/**
 * Training and validation curves of one metric by epoch. Drawn with uPlot: a small
 * (about 50 kB) canvas chart that redraws a growing series cheaply with `setData`,
 * without a virtual DOM of its own.
 */
export function LearningCurves({ history, metric }: CurvesProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    const options: uPlot.Options = {
      width: WIDTH,
      height: HEIGHT,
      title: metric === 'loss' ? 'Loss (cross-entropy)' : 'Accuracy',
      scales: {
        x: { time: false },
        ...(metric === 'accuracy' ? { y: { range: [0, 1] } } : {}),
      },
      axes: [{ label: 'epoch' }, {}],
      series: [
        {},
        { label: 'training', stroke: '#2f6fde', width: 2 },
        { label: 'validation', stroke: '#d9480f', width: 2 },
      ],
    };
    chart.current = new uPlot(options, [[], [], []], container.current!);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [metric]);

  useEffect(() => {
    const epochs = history.map((log) => log.epoch);
    const train = history.map((log) => (metric === 'loss' ? log.loss : log.accuracy));
    const validation = history.map(
      (log) => (metric === 'loss' ? log.valLoss : log.valAccuracy) ?? null,
    );
    chart.current?.setData([epochs, train, validation] as uPlot.AlignedData);
  }, [history, metric]);

  return <div ref={container} className="curves" data-testid={`curve-${metric}`} />;
}
