// Every benchmark section. Each domain adds its own file in bench/ and one line here.
export interface BenchSection {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

import { importBench } from './import-bench';
import { modelBench } from './model-bench';
import { trainBench } from './train-bench';
import { uiBench } from './ui-bench';
import { onnxBench } from './onnx-bench';
import { mapUiBench } from './map-ui-bench';
import { onnxFamiliesBench } from './onnx-families-bench';
import { dataBench } from './data-bench';
import { engineBench } from './engine-bench';
import { analysisStartBench } from './analysis-start-bench';
import { goneCheckBench } from './gone-check-bench';

export const benchSections: BenchSection[] = [importBench, modelBench, trainBench, uiBench, mapUiBench, engineBench, analysisStartBench, goneCheckBench, dataBench, onnxBench, onnxFamiliesBench];
