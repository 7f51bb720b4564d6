import { describe, expect, it } from 'vitest';
import { cameraErrorMessage } from './camera';

describe('cameraErrorMessage', () => {
  it('tells a person what to do for each way the camera refuses', () => {
    const refusal = (name: string) => new DOMException('refused', name);
    expect(cameraErrorMessage(refusal('NotAllowedError'))).toMatch(
      /^Camera access was denied\. Allow the camera/,
    );
    expect(cameraErrorMessage(refusal('SecurityError'))).toMatch(
      /^Camera access was denied/,
    );
    expect(cameraErrorMessage(refusal('NotFoundError'))).toMatch(/^No camera was found/);
    expect(cameraErrorMessage(refusal('OverconstrainedError'))).toMatch(
      /^No camera was found/,
    );
    expect(cameraErrorMessage(refusal('NotReadableError'))).toMatch(
      /another program may be using it/,
    );
  });

  it("passes anything else on with the browser's own words", () => {
    expect(cameraErrorMessage(new Error('device lost'))).toBe(
      'The camera could not start: device lost',
    );
    expect(cameraErrorMessage(null)).toBe('The camera could not start: null');
  });
});
