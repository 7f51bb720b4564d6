/**
 * Opening and closing the camera, with messages a person can act on when it will not
 * open: the dataset capture, the live classifier and the live detector share these.
 */

/**
 * What to tell a person when the camera would not open: denied, missing, busy, or no
 * camera API at all (pages served over plain http get none).
 */
export function cameraErrorMessage(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return (
      'Camera access was denied. Allow the camera for this site in the browser settings ' +
      'and start it again; everything else here works without it.'
    );
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return 'No camera was found. Connect one, or choose another camera, and start again.';
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return 'The camera could not be started; another program may be using it.';
  }
  return `The camera could not start: ${(error as Error | null)?.message ?? String(error)}`;
}

/**
 * Opens the camera `deviceId` names, or the default one, asking for `ideal` pixels when
 * given. Throws an Error whose message is `cameraErrorMessage`'s.
 */
export async function openCamera(
  deviceId?: string,
  ideal?: { width: number; height: number },
): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error(
      'This browser offers no camera to this page (it must be served over https).',
    );
  }
  const video: MediaTrackConstraints = {
    ...(deviceId && { deviceId: { exact: deviceId } }),
    ...(ideal && { width: { ideal: ideal.width }, height: { ideal: ideal.height } }),
  };
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    throw new Error(cameraErrorMessage(error), { cause: error });
  }
}

/** Stops every track of `stream`, which turns the camera's light off. */
export function closeCamera(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
