/**
 * Capturing dataset photos from the camera's video in the page (it needs a video
 * element, so unlike the rest of this folder it does not work in a worker).
 */

const FRAME_JPEG_QUALITY = 0.92;

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
