import type { ScreenProps } from '../../app/screen';
import { ImageWorkbench } from './ImageWorkbench';

export function BrowseScreen(props: ScreenProps) {
  if (props.datasetId === null) return null;
  return <ImageWorkbench key={props.datasetId} {...props} datasetId={props.datasetId} mode="browse" />;
}
