/**
 * The DCGAN's typed config: every field documented, DEFAULT_GAN_CONFIG beside it, merged and
 * validated once by `resolveGanConfig` with messages naming the field and the value.
 */
import { checkChoice, checkInteger, checkNumber, mergeKnown } from '../../core/validate.js';
import { checkChannels, checkConditional, checkImageSize, checkLearningRate } from '../nn/checks.js';

export type GanOutput = 'tanh' | 'sigmoid';
export type GanConditioning = 'concat' | 'projection';

export interface GanConfig {
  /** Image side in pixels: 32 (set from the dataset). */
  imageSize: number;
  /** Classes in the dataset (0 = unlabelled; set from the dataset). */
  numClasses: number;
  /** cGAN: one-hot label appended to G's noise and given to D (see `conditioning`). Needs numClasses >= 2. */
  conditional: boolean;
  /**
   * How a conditional D sees the label: 'concat' (Mirza & Osindero: one-hot planes as extra
   * input channels) or 'projection' (Miyato & Koyama 2018: logit += <embed(y), features(x)>;
   * a stronger class signal, and D's input stays one channel).
   */
  conditioning: GanConditioning;
  /**
   * Conditional models, AC-GAN's auxiliary classifier (Odena et al. 2017): weight of a class
   * cross-entropy from a second head on D's features, trained on real images for D and on
   * G(z, y) against y for G, [0, 10]; 0 = off.
   */
  classWeight: number;
  /** Noise dimension of the generator's input z, 1..512. */
  latentDim: number;
  /** Generator channels at 4x4, 8x8 and 16x16 (then a transposed conv to one 32x32 channel). */
  genChannels: [number, number, number];
  /** Discriminator channels at 16x16, 8x8 and 4x4 (then a dense layer to one logit). */
  discChannels: [number, number, number];
  /** Generator output: 'tanh' (images scaled to [-1, 1], DCGAN's choice) or 'sigmoid' ([0, 1]). */
  output: GanOutput;
  /** Adam step size of both networks, (0, 1] (DCGAN: 2e-4). */
  learningRate: number;
  /** Adam beta1 of both networks, [0, 1) (DCGAN: 0.5). */
  beta1: number;
  /** Images per training step (the trainer's batch; recorded for manifests), 2..1024. */
  batchSize: number;
  /** Columns of the fixed-noise preview grid; rows = columns, or one row per class when conditional. 1..16. */
  previewColumns: number;
}

export const DEFAULT_GAN_CONFIG: GanConfig = {
  imageSize: 32,
  numClasses: 0,
  conditional: false,
  conditioning: 'projection',
  classWeight: 1,
  latentDim: 64,
  genChannels: [128, 64, 32],
  discChannels: [32, 64, 128],
  output: 'tanh',
  learningRate: 2e-4,
  beta1: 0.5,
  batchSize: 64,
  previewColumns: 8,
};

export function resolveGanConfig(overrides: unknown): GanConfig {
  const c = mergeKnown('gan', DEFAULT_GAN_CONFIG, overrides);
  checkImageSize('gan.imageSize', c.imageSize, [32]);
  checkConditional('gan', c.conditional, c.numClasses);
  checkChoice('gan.conditioning', c.conditioning, ['concat', 'projection'] as const);
  checkNumber('gan.classWeight', c.classWeight, 0, 10);
  checkInteger('gan.latentDim', c.latentDim, 1, 512);
  c.genChannels = checkChannels('gan.genChannels', c.genChannels, 3) as [number, number, number];
  c.discChannels = checkChannels('gan.discChannels', c.discChannels, 3) as [number, number, number];
  checkChoice('gan.output', c.output, ['tanh', 'sigmoid'] as const);
  checkLearningRate('gan.learningRate', c.learningRate);
  checkNumber('gan.beta1', c.beta1, 0, 1, true);
  checkInteger('gan.batchSize', c.batchSize, 2, 1024);
  checkInteger('gan.previewColumns', c.previewColumns, 1, 16);
  return c;
}
