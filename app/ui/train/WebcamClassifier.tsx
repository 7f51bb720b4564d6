import { useEffect, useRef, useState } from 'react';

import type { ClassScore } from '../../ml/classify';
import { useTraining } from '../../stores/training';
import { closeCamera, openCamera } from '../../util/camera';
import { ScoreBars } from './ScoreBars';

/**
 * Live classification of the camera with the trained head. One frame is in the worker
 * at a time; frames that arrive meanwhile are dropped, never queued, so the newest
 * frame is always the next one classified.
 */
export function WebcamClassifier() {
  const predictFrame = useTraining((s) => s.predictFrame);
  const video = useRef<HTMLVideoElement>(null);
  const [running, setRunning] = useState(false);
  const [scores, setScores] = useState<ClassScore[]>([]);
  const [fps, setFps] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!running) return;
    let stream: MediaStream | null = null;
    let frame = 0;
    let busy = false;
    let stopped = false;
    const finished: number[] = [];

    const loop = () => {
      if (stopped) return;
      frame = requestAnimationFrame(loop);
      const element = video.current;
      if (busy || !element || element.readyState < 2) return;
      busy = true;
      createImageBitmap(element)
        .then((bitmap) => predictFrame(bitmap))
        .then((result) => {
          if (stopped) return;
          const now = performance.now();
          finished.push(now);
          while (finished.length > 0 && now - finished[0] > 1000) finished.shift();
          setScores(result);
          setFps(finished.length);
        })
        .catch((e: Error) => setError(e.message))
        .finally(() => {
          busy = false;
        });
    };

    openCamera()
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        loop();
      })
      .catch((e: Error) => setError(e.message));

    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      if (stream) closeCamera(stream);
    };
  }, [running, predictFrame]);

  return (
    <div className="webcam">
      <button
        type="button"
        data-testid="webcam-toggle"
        onClick={() => setRunning(!running)}
      >
        {running ? 'Stop camera' : 'Classify the camera live'}
      </button>
      {error && (
        <div className="notice notice--error" role="alert">
          {error}
        </div>
      )}
      {running && (
        <>
          <video ref={video} className="webcam__video" muted playsInline />
          <p data-testid="webcam-fps">{fps} frames per second</p>
          <ScoreBars scores={scores} testId="webcam-predictions" />
        </>
      )}
    </div>
  );
}
