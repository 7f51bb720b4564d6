import { useEffect } from 'react';
import { useDetection } from '../../stores/detection';
import { useStudio } from '../../stores/studio';
import { DetectControls } from './DetectControls';
import { DetectorPanel } from './DetectorPanel';
import { EvaluatePanel } from './EvaluatePanel';
import { PhotoDetect } from './PhotoDetect';
import { WebcamDetect } from './WebcamDetect';
import './detect.css';

/** Object detection: load a detector, tune it, run it on photos, the camera, a test set. */
export function DetectPage() {
  const backendReady = useStudio((s) => s.backend !== null);

  useEffect(() => {
    if (backendReady) void useDetection.getState().start();
  }, [backendReady]);

  return (
    <>
      <DetectorPanel />
      <DetectControls />
      <WebcamDetect />
      <PhotoDetect />
      <EvaluatePanel />
    </>
  );
}
