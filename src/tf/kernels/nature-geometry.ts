/**
 * The Nature DQN's three convolutions (Mnih et al. 2015) on 84x84x4 frame stacks, as the kernel
 * benchmarks time them: one source for the CPU and WebGPU benches. Valid padding throughout.
 */
export interface NatureConvLayer {
  /** Label, e.g. "conv1 8x8/4 4->32". */
  layer: string;
  /** Input side and channels; output side; filters; kernel side; stride. */
  inSize: number;
  inChannels: number;
  outSize: number;
  filters: number;
  k: number;
  stride: number;
}

export function natureConvLayers(): NatureConvLayer[] {
  const layers: NatureConvLayer[] = [];
  let size = 84;
  let channels = 4;
  ([[32, 8, 4], [64, 4, 2], [64, 3, 1]] as const).forEach(([filters, k, stride], i) => {
    const outSize = Math.floor((size - k) / stride) + 1;
    layers.push({ layer: `conv${i + 1} ${k}x${k}/${stride} ${channels}->${filters}`, inSize: size, inChannels: channels, outSize, filters, k, stride });
    size = outSize;
    channels = filters;
  });
  return layers;
}
