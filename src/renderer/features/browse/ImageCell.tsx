import { memo } from 'react';
import type { ImageRecord, LabelInfo } from '../../../shared/types';
import { useApi } from '../../app/api-context';

interface Props {
  index: number;
  image: ImageRecord | undefined;
  size: number;
  caption: number;
  label: LabelInfo | undefined;
  selected: boolean;
  focused: boolean;
  /** False while the grid is jumping: placeholder only, the image comes when scrolling settles. */
  showImage?: boolean;
  onClick(image: ImageRecord | undefined, index: number, e: React.MouseEvent): void;
  onOpen(index: number): void;
}

/**
 * Whether a thumbnail is drawn larger than the image's own pixels (a 28 px digit in a 148 px
 * cell): then its pixels are scaled as crisp squares instead of a smoothed blur.
 */
export function isEnlarged(image: { width: number; height: number }, cell: number): boolean {
  return Math.min(image.width, image.height) > 0 && Math.min(image.width, image.height) < cell;
}

function fileName(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

/** One thumbnail: fixed size, label colour strip, name; a grey placeholder while its page loads. */
export const ImageCell = memo(function ImageCell({ index, image, size, caption, label, selected, focused, showImage = true, onClick, onOpen }: Props) {
  const api = useApi();
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      aria-colindex={undefined}
      aria-label={image ? `${fileName(image.relPath)}${label ? `, ${label.name}` : ', unlabeled'}` : 'Loading'}
      className={`cell${selected ? ' selected' : ''}${focused ? ' focused' : ''}${image?.status === 'missing' ? ' missing' : ''}`}
      style={{ width: size, height: size + caption }}
      data-index={index}
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault(); // no text selection on shift-click
      }}
      onClick={(e) => onClick(image, index, e)}
      onDoubleClick={() => onOpen(index)}
    >
      <div className="thumb" style={{ height: size }}>
        {image && showImage && <img
            src={api.mediaUrl('thumb', image.datasetId, image.relPath, image.hash.slice(0, 12))}
            alt=""
            className={isEnlarged(image, size) ? 'pixelated' : undefined}
            draggable={false}
            decoding="async"
          />}
        {label && <span className="cell-label" style={{ background: label.color }}>{label.name}</span>}
        {image?.duplicateOf != null && <span className="cell-badge" title={`Duplicate of image #${image.duplicateOf}`}>dup</span>}
        {image?.status === 'missing' && <span className="cell-badge warn">missing</span>}
      </div>
      <div className="caption" style={{ height: caption }} title={image?.relPath}>
        {image ? fileName(image.relPath) : ''}
      </div>
    </div>
  );
});
