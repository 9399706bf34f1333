/**
 * tfjs kernel functions for Conv2D, FusedConv2D, Conv2DBackpropFilter and Conv2DBackpropInput on
 * the 'cpu' backend. Each one takes the float32, NHWC, dilation-1 case (any strides, 'valid',
 * 'same' or explicit padding) and hands everything else (NCHW, dilations, other dtypes) to the
 * stock kernel it replaces, which the factory receives.
 *
 * Inputs and attributes are those of tfjs-core's kernel_names.ts:
 *   Conv2D               inputs {x, filter}      attrs {strides, pad, dataFormat, dilations, dimRoundingMode}
 *   FusedConv2D          inputs {x, filter, bias?, preluActivationWeights?}
 *                        attrs  Conv2D's + {activation, leakyreluAlpha}
 *   Conv2DBackpropFilter inputs {x, dy}          attrs {strides, pad, dataFormat, dimRoundingMode, filterShape}
 *   Conv2DBackpropInput  inputs {dy, filter}     attrs {inputShape, strides, pad, dataFormat, dimRoundingMode}
 */
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { conv2dFilterGrad, conv2dForward, conv2dInputGrad } from './conv-math.js';
import { cpuBackend, f32Values, type KernelArgs } from './cpu-backend.js';
import { finishFused } from './epilogue.js';
import { convGeometry, type ConvGeometry } from './im2col.js';

function geometryFor(xShape: readonly number[], filterShape: readonly number[], attrs: NamedAttrMap, dilations: unknown): ConvGeometry | string {
  return convGeometry(xShape, filterShape, attrs.strides, dilations, attrs.pad, attrs.dimRoundingMode, attrs.dataFormat);
}

function numberList(v: unknown): number[] | null {
  return Array.isArray(v) && v.every((d) => typeof d === 'number') ? (v as number[]) : null;
}

export function makeConv2D(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const backend = cpuBackend(args);
    const attrs = args.attrs ?? {};
    const { x, filter } = args.inputs;
    const xv = f32Values(backend, x);
    const wv = f32Values(backend, filter);
    if (x === undefined || filter === undefined || xv === null || wv === null) return stock(args);
    const g = geometryFor(x.shape, filter.shape, attrs, attrs.dilations);
    if (typeof g === 'string') return stock(args);
    return backend.makeTensorInfo([g.batch, g.outH, g.outW, g.outC], 'float32', conv2dForward(xv, wv, g));
  };
}

export function makeFusedConv2D(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const backend = cpuBackend(args);
    const attrs = args.attrs ?? {};
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    const xv = f32Values(backend, x);
    const wv = f32Values(backend, filter);
    if (x === undefined || filter === undefined || xv === null || wv === null) return stock(args);
    const g = geometryFor(x.shape, filter.shape, attrs, attrs.dilations);
    if (typeof g === 'string') return stock(args);
    const y = conv2dForward(xv, wv, g);
    return finishFused(backend, y, [g.batch, g.outH, g.outW, g.outC], {
      bias,
      preluActivationWeights,
      activation: typeof attrs.activation === 'string' ? attrs.activation : undefined,
      leakyreluAlpha: typeof attrs.leakyreluAlpha === 'number' ? attrs.leakyreluAlpha : undefined,
    });
  };
}

export function makeConv2DBackpropFilter(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const backend = cpuBackend(args);
    const attrs = args.attrs ?? {};
    const { x, dy } = args.inputs;
    const xv = f32Values(backend, x);
    const dyv = f32Values(backend, dy);
    const filterShape = numberList(attrs.filterShape);
    if (x === undefined || dy === undefined || xv === null || dyv === null || filterShape === null) return stock(args);
    const g = geometryFor(x.shape, filterShape, attrs, 1);
    if (typeof g === 'string' || !sameShape(dy.shape, [g.batch, g.outH, g.outW, g.outC])) return stock(args);
    return backend.makeTensorInfo(filterShape, 'float32', conv2dFilterGrad(xv, dyv, g));
  };
}

export function makeConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const backend = cpuBackend(args);
    const attrs = args.attrs ?? {};
    const { dy, filter } = args.inputs;
    const dyv = f32Values(backend, dy);
    const wv = f32Values(backend, filter);
    const inputShape = numberList(attrs.inputShape);
    if (dy === undefined || filter === undefined || dyv === null || wv === null || inputShape === null) return stock(args);
    const g = geometryFor(inputShape, filter.shape, attrs, 1);
    if (typeof g === 'string' || !sameShape(dy.shape, [g.batch, g.outH, g.outW, g.outC])) return stock(args);
    return backend.makeTensorInfo(inputShape, 'float32', conv2dInputGrad(dyv, wv, g));
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
