import { useEffect, useState } from 'react';
import { useDataset } from '../../stores/dataset';

/**
 * Object URLs for thumbnails, made on first sight and kept for the most recent
 * THUMBNAIL_URL_LIMIT images (far more than a screen shows), so scrolling back is
 * instant and thousands of images never hold thousands of URLs.
 */
const THUMBNAIL_URL_LIMIT = 800;
const urls = new Map<string, Promise<string | null>>();

function thumbnailUrl(id: string): Promise<string | null> {
  const cached = urls.get(id);
  if (cached) {
    urls.delete(id);
    urls.set(id, cached);
    return cached;
  }
  const made = useDataset
    .getState()
    .readThumbnail(id)
    .then((blob) => (blob ? URL.createObjectURL(blob) : null))
    .catch(() => null);
  urls.set(id, made);
  if (urls.size > THUMBNAIL_URL_LIMIT) {
    const [oldest, url] = urls.entries().next().value!;
    urls.delete(oldest);
    void url.then((u) => u && URL.revokeObjectURL(u));
  }
  return made;
}

/** The thumbnail's URL once it has been read from IndexedDB; null until then. */
export function useThumbnail(id: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void thumbnailUrl(id).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [id]);
  return url;
}
