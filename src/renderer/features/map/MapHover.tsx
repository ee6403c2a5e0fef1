import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MapResult } from '../../../shared/api/data';
import type { ImageRecord } from '../../../shared/types';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';
import type { HoverHit } from './MapCanvas';

interface LayerProps {
  result: MapResult;
  labelName: Map<number, string>;
  /** The layer puts its setter here: the canvas shows a hit through it. */
  show: React.RefObject<((hit: HoverHit | null) => void) | null>;
}

/**
 * The hover card with its own state: moving from point to point re-renders this card, never the
 * map screen around it. Image records are cached for as long as the map is open.
 */
export function MapHoverLayer({ result, labelName, show }: LayerProps) {
  const [hit, setHit] = useState<HoverHit | null>(null);
  const cache = useRef(new Map<number, ImageRecord>());
  useLayoutEffect(() => {
    show.current = setHit;
    return () => void (show.current = null);
  }, [show]);
  // A hit from before the map changed (the canvas clears it right after) shows nothing.
  if (!hit || hit.index >= result.count) return null;
  const i = hit.index;
  const nameOf = (id: number | null | undefined) => (id != null ? (labelName.get(id) ?? null) : null);
  return (
    <MapHover
      cache={cache.current}
      imageId={result.imageIds[i]!}
      x={hit.x}
      y={hit.y}
      label={nameOf(result.labelIds[i])}
      predicted={nameOf(result.predictedLabelIds[i])}
      suspicious={!!result.suspicious[i]}
    />
  );
}

interface Props {
  cache: Map<number, ImageRecord>;
  imageId: number;
  x: number;
  y: number;
  label: string | null;
  predicted: string | null;
  suspicious: boolean;
}

/** The hovered point's thumbnail and labels, next to the point. */
function MapHover({ cache, imageId, x, y, label, predicted, suspicious }: Props) {
  const api = useApi();
  const [image, setImage] = useState<ImageRecord | undefined>(() => cache.get(imageId));
  useEffect(() => {
    const cached = cache.get(imageId);
    setImage(cached);
    if (cached) return;
    let live = true;
    // Sweeping across the map crosses many points: only the one the pointer rests on is fetched.
    const t = setTimeout(() => {
      invoke(api, 'images.get', { id: imageId }).then(
        (record) => {
          cache.set(imageId, record);
          if (live) setImage(record);
        },
        () => undefined,
      );
    }, 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, cache, imageId]);

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
