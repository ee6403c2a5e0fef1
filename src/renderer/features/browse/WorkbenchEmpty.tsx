import { EmptyState, goTo } from '../../app/EmptyState';
import type { ImageFilter } from './image-collection';

/** The empty grid says why and offers the next step: import, clear the filters, or split once all is labeled. */
export function WorkbenchEmpty({ imageCount, filter, labelMode, onClearFilters }: { imageCount: number | null; filter: ImageFilter; labelMode: boolean; onClearFilters(): void }) {
  if (imageCount === 0) return <EmptyState message="This dataset has no images (yet): import a folder of images." actionLabel="Import a folder" action={() => goTo('start')} />;
  const onlyUnlabeled = filter.labelId === null && filter.split === undefined && !filter.search && !filter.duplicatesOnly && !filter.status && !filter.imageIds;
  if (onlyUnlabeled) {
    return (
      <EmptyState
        message={labelMode ? 'Every image has a label. Next: split them into train, validation and test.' : 'Every image has a label.'}
        actionLabel="Split the dataset →"
        action={() => goTo('split')}
      />
    );
  }
  return <EmptyState message="No images match these filters." actionLabel="Show all images" action={onClearFilters} />;
}
