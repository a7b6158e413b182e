/**
 * Quantized tfjs layers-model artifacts of a trained model, in memory, with cnn-models' `quantizeWeights`
 * (the weights-manifest quantization tfjs's own loaders decode). Used by import-run.ts; not published.
 *
 * - `'uint8'`: every float32 weight uint8 (affine per tensor), a quarter of float32.
 * - `'mixed'`: conv/dense kernels uint8, every other weight (biases, BatchNorm gamma/beta/moving mean/variance —
 *   under 1% of the parameters) float16, so the normalization statistics keep ~3 significant digits.
 * - `'float16'`: every float32 weight float16, half of float32.
 * - `'float32'`: unchanged.
 */
import { quantizeWeights, type WeightSpec } from '@digitkit/cnn-models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

export type Quantization = 'float32' | 'uint8' | 'mixed' | 'float16';

export interface ModelFiles {
  /** model.json contents (tfjs layers-model JSON; weightsManifest path `weights.bin`). */
  modelJson: tf.io.ModelJSON;
  /** weights.bin contents. */
  weights: Uint8Array;
  /** The manifest entries (with their quantization). */
  specs: WeightSpec[];
}

/** The model's float32 artifacts (topology + weights) without touching the file system. */
async function float32Artifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.weightSpecs || !captured.weightData) throw new Error('quantizeModel: the model saved no weights');
  return captured;
}

export async function quantizeModel(model: tfl.LayersModel, quantization: Quantization): Promise<ModelFiles> {
  const artifacts = await float32Artifacts(model);
  const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData as ArrayBuffer | ArrayBuffer[]);
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const byteLength = spec.shape.reduce((a, b) => a * b, 1) * 4;
    const slice = data.slice(offset, offset + byteLength);
    offset += byteLength;
    const isKernel = /kernel$/.test(spec.name);
    const dtype = quantization === 'mixed' ? (isKernel ? 'uint8' : 'float16') : quantization;
    if (dtype === 'float32' || spec.dtype !== 'float32') {
      specs.push({ ...spec });
      chunks.push(new Uint8Array(slice));
    } else {
      const q = quantizeWeights([spec], slice, dtype);
      specs.push(...q.specs);
      chunks.push(new Uint8Array(q.data));
    }
  }
  const weights = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let position = 0;
  for (const chunk of chunks) {
    weights.set(chunk, position);
    position += chunk.byteLength;
  }
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  return { modelJson, weights, specs };
}
