import { useEffect, useRef } from 'react';
import { useDetection } from '../../stores/detection';
import { BoxOverlay, DetectionList } from './BoxOverlay';

/**
 * Grabs frames from the playing video while the camera runs, one per new video frame,
 * and offers each to the store as an ImageBitmap; stops when `active` turns false.
 */
function useFrameGrabber(video: HTMLVideoElement | null, active: boolean) {
  useEffect(() => {
    if (!video || !active) return;
    let stopped = false;
    let handle = 0;
    const schedule = () => {
      if (stopped) return;
      if ('requestVideoFrameCallback' in video)
        handle = video.requestVideoFrameCallback(grab);
      else handle = requestAnimationFrame(grab);
    };
    const grab = () => {
      if (stopped) return;
      if (
        video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA &&
        video.videoWidth > 0
      ) {
        createImageBitmap(video).then(
          (frame) =>
            stopped ? frame.close() : useDetection.getState().offerFrame(frame),
          () => undefined,
        );
      }
      schedule();
    };
    schedule();
    return () => {
      stopped = true;
      if ('cancelVideoFrameCallback' in video) video.cancelVideoFrameCallback(handle);
      cancelAnimationFrame(handle);
    };
  }, [video, active]);
}

/** Live detection on the webcam: camera choice, pause and resume, speed and memory. */
export function WebcamDetect() {
  const ready = useDetection((s) => s.detector !== null);
  const camera = useDetection((s) => s.camera);
  const error = useDetection((s) => s.cameraError);
  const stream = useDetection((s) => s.stream);
  const devices = useDetection((s) => s.devices);
  const deviceId = useDetection((s) => s.deviceId);
  const live = useDetection((s) => s.live);
  const liveError = useDetection((s) => s.liveError);
  const stats = useDetection((s) => s.stats);
  const { startCamera, stopCamera, pause, resume } = useDetection.getState();
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    if (stream) void element.play().catch(() => undefined);
  }, [stream]);

  useEffect(() => {
    const element = video.current;
    if (!element || !stream) return;
    if (camera === 'paused') element.pause();
    else if (camera === 'running') void element.play().catch(() => undefined);
  }, [camera, stream]);

  useEffect(() => () => useDetection.getState().stopCamera(), []);

  useFrameGrabber(video.current, camera === 'running' && stream !== null);

  const on = camera === 'running' || camera === 'paused';
  return (
    <section className="panel detect-webcam" aria-labelledby="webcam-heading">
      <h2 id="webcam-heading">Live camera</h2>
      <div className="row">
        {!on ? (
          <button
            type="button"
            className="primary"
            disabled={camera === 'starting'}
            data-testid="camera-start"
            onClick={() => startCamera(deviceId ?? undefined)}
          >
            Start camera
          </button>
        ) : (
          <>
            {camera === 'running' ? (
              <button type="button" data-testid="camera-pause" onClick={pause}>
                Pause
              </button>
            ) : (
              <button type="button" data-testid="camera-resume" onClick={resume}>
                Resume
              </button>
            )}
            <button type="button" data-testid="camera-stop" onClick={stopCamera}>
              Stop
            </button>
          </>
        )}
        {devices.length > 0 && (
          <label>
            Camera{' '}
            <select
              value={deviceId ?? ''}
              data-testid="camera-select"
              onChange={(event) => startCamera(event.target.value)}
            >
              {devices.map((device) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {!ready && <p className="hint">Load a detector to see boxes on the camera.</p>}
      {error && (
        <div className="notice notice--error" role="alert" data-testid="camera-error">
          {error}
        </div>
      )}

      {liveError && (
        <div className="notice notice--error" role="alert" data-testid="live-error">
          {liveError}
        </div>
      )}
      <div className="detect-stage" hidden={!on} data-testid="camera-stage">
        <video
          ref={video}
          className="detect-stage__media"
          muted
          playsInline
          data-testid="camera-video"
        />
        {live && (
          <BoxOverlay
            detections={live.detections}
            sourceWidth={live.width}
            sourceHeight={live.height}
            testId="live-overlay"
          />
        )}
      </div>
      {on && (
        <>
          <dl className="live-stats" data-testid="live-stats" data-camera={camera}>
            <dt>frames per second</dt>
            <dd data-testid="live-fps">
              {stats.frames < 2 ? 'measuring…' : stats.fps.toFixed(1)}
            </dd>
            <dt>ms per inference</dt>
            <dd data-testid="live-ms">{stats.inferenceMs.toFixed(0)}</dd>
            <dt>frames</dt>
            <dd data-testid="live-frames">{stats.frames}</dd>
            <dt>dropped (a newer frame came)</dt>
            <dd>{stats.dropped}</dd>
            <dt>tensors in the worker</dt>
            <dd data-testid="live-tensors">{stats.memory?.numTensors ?? '–'}</dd>
            <dt>tensor memory</dt>
            <dd>
              {stats.memory ? `${(stats.memory.numBytes / 1e6).toFixed(1)} MB` : '–'}
            </dd>
          </dl>
          {live && (
            <DetectionList detections={live.detections} testId="live-detections" />
          )}
        </>
      )}
    </section>
  );
}
