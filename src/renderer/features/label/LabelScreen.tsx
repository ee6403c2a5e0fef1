import type { ScreenProps } from '../../app/screen';
import { ImageWorkbench } from '../browse/ImageWorkbench';

export function LabelScreen(props: ScreenProps) {
  if (props.datasetId === null) return null;
  return <ImageWorkbench key={props.datasetId} {...props} datasetId={props.datasetId} mode="label" />;
}
