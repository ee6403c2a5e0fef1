import { useEffect, useRef, useState } from 'react';
import type { ImageRecord } from '../../../shared/types';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';

interface Props {
  imageId: number;
  x: number;
  y: number;
  label: string | null;
  predicted: string | null;
  suspicious: boolean;
}

/** The hovered point's thumbnail and labels, next to the point; records are cached per image. */
export function MapHover({ imageId, x, y, label, predicted, suspicious }: Props) {
  const api = useApi();
  const cache = useRef(new Map<number, ImageRecord>());
  const [image, setImage] = useState<ImageRecord | undefined>(() => cache.current.get(imageId));
  useEffect(() => {
    const cached = cache.current.get(imageId);
    setImage(cached);
    if (cached) return;
    let live = true;
    // Sweeping across the map crosses many points: only the one the pointer rests on is fetched.
    const t = setTimeout(() => {
      invoke(api, 'images.get', { id: imageId }).then(
        (record) => {
          cache.current.set(imageId, record);
          if (live) setImage(record);
        },
        () => undefined,
      );
    }, 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, imageId]);

  return (
    <div className="map-hover" style={{ left: x + 14, top: y + 14 }} role="tooltip">
      <div className="map-hover-thumb">{image && <img src={api.mediaUrl('thumb', image.datasetId, image.relPath, image.hash.slice(0, 12))} alt="" />}</div>
      <div className="map-hover-text">
        <div className="mono break">{image ? image.relPath : `image #${imageId}`}</div>
        <div>{label ?? <span className="muted">Unlabeled</span>}</div>
        {predicted && predicted !== label && <div className="muted">predicted: {predicted}</div>}
        {suspicious && <div className="error">suspicious label</div>}
      </div>
    </div>
  );
}
