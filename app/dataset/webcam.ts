/**
 * The camera, for capturing dataset photos in the page (it needs a video element, so
 * unlike the rest of this folder it does not work in a worker).
 */

const FRAME_JPEG_QUALITY = 0.92;

/** Opens the default camera, or throws an Error whose message a person can act on. */
export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error(
      'this browser offers no camera to this page (it needs https or localhost)',
    );
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (error) {
    const name = (error as DOMException).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new Error(
        'camera access was denied. Allow the camera in the browser’s site settings and ' +
          'try again; everything else here works without it.',
      );
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') {
      throw new Error(
        'no camera was found. Connect one, or add photos from files instead.',
      );
    }
    if (name === 'NotReadableError' || name === 'AbortError') {
      throw new Error(
        'the camera could not be started; another application may be using it.',
      );
    }
    throw new Error(`the camera could not be opened: ${(error as Error).message}`);
  }
}

export function closeCamera(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** The video's current frame as a JPEG at the camera's own resolution. */
export async function captureFrame(video: HTMLVideoElement): Promise<Blob> {
  const { videoWidth: width, videoHeight: height } = video;
  if (!width || !height) throw new Error('the camera has not sent a frame yet');
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas in this browser');
  context.drawImage(video, 0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: FRAME_JPEG_QUALITY });
}
