import * as tf from '@tensorflow/tfjs';
import { imageToInput } from '../classify';
import { decodeImage } from '../decode_image';
import type { NamedBytes } from '../graph_model';
import { loadGraph } from '../load_graph';
import type { DetectorPlan, FigureSamples } from './plan';
import type { BenchProgress } from './backbone_bench';
import { timeRuns } from './timing';

/**
 * Measures a detector graph frame by frame on the active backend: per-frame latency
 * (photo pixels resized to the graph's input, the graph, its detections read back),
 * then tf.memory() after each checkpoint's number of further frames. Equal counts at 10
 * and at 1000 frames mean no tensor leaks per frame.
 *
 * Limitation: this times the graph as the file defines it (CenterNet decodes its own
 * boxes); the studio's detector wrapper and its webcam loop are measured elsewhere.
 */
export async function benchmarkDetector(
  files: NamedBytes[],
  images: Blob[],
  plan: DetectorPlan,
  progress: BenchProgress,
): Promise<FigureSamples[]> {
  if (images.length === 0)
    throw new Error('the detector benchmark needs at least one photo');
  const frames = Math.max(0, ...plan.memoryCheckpoints);
  const steps = 2 + frames;
  progress('building detector graph', 0, steps);
  const graph = await loadGraph(files);
  const pixels: tf.Tensor3D[] = [];

  try {
    for (const image of images) pixels.push(await decodeImage(image));
    let next = 0;
    const frame = async () => {
      const input = imageToInput(graph, pixels[next++ % pixels.length]);
      const outputs = await graph.run(input);
      input.dispose();
      try {
        await outputs[0].data();
      } finally {
        tf.dispose(outputs);
      }
    };

    progress('timing frames', 1, steps);
    const times = await timeRuns(frame, plan.timing);
    const figures: FigureSamples[] = [
      {
        key: 'detector-latency',
        figure: 'per-frame latency',
        unit: 'ms',
        samples: times,
      },
    ];

    const before = tf.memory();
    const checkpoints = [...plan.memoryCheckpoints].sort((a, b) => a - b);
    let done = 0;
    for (const checkpoint of checkpoints) {
      while (done < checkpoint) {
        await frame();
        done++;
        if (done % 10 === 0) progress('frames for the memory check', 2 + done, steps);
      }
      const { numTensors, numBytes } = tf.memory();
      figures.push(
        {
          key: `detector-tensors-${checkpoint}`,
          figure: `tensors held after ${checkpoint} frames`,
          unit: 'tensors',
          samples: [numTensors],
          note: `${before.numTensors} before the first frame`,
        },
        {
          key: `detector-bytes-${checkpoint}`,
          figure: `tensor bytes after ${checkpoint} frames`,
          unit: 'bytes',
          samples: [numBytes],
          note: `${before.numBytes} before the first frame`,
        },
      );
    }
    return figures;
  } finally {
    tf.dispose(pixels);
    graph.dispose();
  }
}
