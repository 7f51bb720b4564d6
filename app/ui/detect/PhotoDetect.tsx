import { useDetection } from '../../stores/detection';
import { DropZone } from '../DropZone';
import { BoxOverlay, DetectionList } from './BoxOverlay';

/** Drop a photo and see its objects boxed over it. */
export function PhotoDetect() {
  const ready = useDetection((s) => s.detector !== null && s.loadStatus !== 'loading');
  const image = useDetection((s) => s.image);
  const error = useDetection((s) => s.imageError);
  const detecting = useDetection((s) => s.detectingImage);
  const detectImage = useDetection((s) => s.detectImage);

  return (
    <section className="panel" aria-labelledby="photo-detect-heading">
      <h2 id="photo-detect-heading">Detect in a photo</h2>
      <DropZone
        testId="detect-photo-drop"
        accept="image/*"
        disabled={!ready}
        label={ready ? 'Drop a photo, or click to choose.' : 'Load a detector first.'}
        onFiles={(files) => detectImage(files[0])}
      />
      {detecting && <p className="hint">Detecting…</p>}
      {error && (
        <div
          className="notice notice--error"
          role="alert"
          data-testid="detect-photo-error"
        >
          {error}
        </div>
      )}
      {image && (
        <>
          <div className="detect-stage" data-testid="photo-stage">
            <img
              src={image.imageUrl}
              alt={image.fileName}
              className="detect-stage__media"
            />
            <BoxOverlay
              detections={image.detections}
              sourceWidth={image.width}
              sourceHeight={image.height}
              testId="photo-overlay"
            />
          </div>
          <p className="hint">
            {image.detections.length}{' '}
            {image.detections.length === 1 ? 'object' : 'objects'} in{' '}
            {image.inferenceMs.toFixed(0)} ms
          </p>
          <DetectionList detections={image.detections} testId="photo-detections" />
        </>
      )}
    </section>
  );
}
