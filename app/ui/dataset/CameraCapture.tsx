import { useEffect, useRef } from 'react';
import { captureFrame } from '../../dataset/webcam';
import { useDataset } from '../../stores/dataset';

/** Time between frames of a burst, in milliseconds. */
const BURST_INTERVAL_MS = 150;

/**
 * The webcam: a live preview and a button that captures one frame into the selected
 * class per press, or a burst of frames for as long as it is held.
 */
export function CameraCapture() {
  const camera = useDataset((s) => s.camera);
  const target = useDataset((s) => s.classes.find((c) => c.id === s.selectedClassId));
  const { startCamera, stopCamera, addCapture, beginBurst, endBurst } =
    useDataset.getState();
  const video = useRef<HTMLVideoElement>(null);
  const burst = useRef<number | null>(null);
  /** Frames are grabbed and handed to the store in order, burst markers included. */
  const grabs = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    if (video.current) video.current.srcObject = camera.stream;
  }, [camera.stream]);
  useEffect(() => () => stopBurst(), []);
  useEffect(() => () => useDataset.getState().stopCamera(), []);

  function grab(): void {
    const element = video.current;
    if (!element) return;
    const frame = captureFrame(element);
    grabs.current = grabs.current.then(() => frame.then(addCapture, () => undefined));
  }

  function startBurst(): void {
    stopBurst();
    grabs.current = grabs.current.then(beginBurst);
    grab();
    burst.current = window.setInterval(grab, BURST_INTERVAL_MS);
  }

  function stopBurst(): void {
    if (burst.current === null) return;
    window.clearInterval(burst.current);
    burst.current = null;
    grabs.current = grabs.current.then(endBurst);
  }

  return (
    <div className="ds-camera" data-testid="camera">
      <h3>Webcam</h3>
      {camera.status === 'off' || camera.status === 'error' ? (
        <button
          type="button"
          data-testid="camera-start"
          onClick={() => void startCamera()}
        >
          Start camera
        </button>
      ) : (
        <button type="button" data-testid="camera-stop" onClick={stopCamera}>
          Stop camera
        </button>
      )}
      {camera.error && (
        <div className="notice notice--error" role="alert" data-testid="camera-error">
          {camera.error}
        </div>
      )}
      {camera.status === 'starting' && <p className="hint">Opening the camera…</p>}
      <video
        ref={video}
        className="ds-camera__video"
        data-testid="camera-video"
        hidden={camera.status !== 'on'}
        autoPlay
        muted
        playsInline
      />
      {camera.status === 'on' && (
        <div className="ds-camera__controls">
          <button
            type="button"
            className="primary"
            data-testid="camera-capture"
            disabled={!target}
            onPointerDown={(event) => {
              startBurst();
              try {
                event.currentTarget.setPointerCapture(event.pointerId);
              } catch {
                // Without capture the burst still ends on pointer-up over the button.
              }
            }}
            onPointerUp={stopBurst}
            onPointerCancel={stopBurst}
            onLostPointerCapture={stopBurst}
            onKeyDown={(event) => {
              if ((event.key === 'Enter' || event.key === ' ') && !event.repeat) {
                event.preventDefault();
                grab();
              }
            }}
          >
            {target ? `Capture into ${target.name}` : 'Select a class first'}
          </button>
          <span className="hint">Click for one frame; hold for a burst.</span>
          <span data-testid="camera-count">{camera.captured} captured</span>
        </div>
      )}
    </div>
  );
}
