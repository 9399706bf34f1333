/**
 * The DQN update's small tensor math (src/rl/td.ts) as one program each instead of dozens: the
 * update is bound by the CPU cost of issuing programs on a GPU (BENCHMARKS.md, issue 6), and
 * the TD target, Q(s, a), the Huber loss and its gradient were ~40 of them.
 *
 * WGSL reserves `target`: the programs call that input `targets`.
 * Kernels (float32 Q-values `[B, A]`, int32 actions `[B]`; registered for 'webgpu' by
 * registerFastWebGpuKernels; src/rl/td-fused.ts is how the agent calls them):
 * - `PacLabTdTarget` {qNextTarget, qNextOnline?, returns, discounts, nextLegal?} -> y `[B]`:
 *     y = R + d * (Double: Q_target(s', argmax over legal a' of Q_online(s', a'))
 *                  else:   max over legal a' of Q_target(s', a')),
 *   an illegal value pushed down by 1e9 before max/argmax as td.ts does (ties: the lowest a').
 * - `PacLabPickActions` {q, actions} -> `[B]`: q[b, actions[b]].
 * - `PacLabTdLoss` {q, actions, target, weights} attrs {delta} -> scalar:
 *     mean over b of weights[b] * huber(q[b, actions[b]] - target[b]).
 * - `PacLabTdLossGrad` {dy, q, actions, target, weights} attrs {delta} -> `[B, A]`: the loss's
 *     gradient wrt q times dy: (dy / B) * weights[b] * clamp(e, -delta, delta) at the taken action.
 */
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { ElementProgram, REDUCE_THREADS, UnitReduceProgram } from './programs.js';
import { countCall, type KernelArgs, webGpuBackend } from './webgpu-backend.js';

export const TD_TARGET = 'PacLabTdTarget';
export const PICK_ACTIONS = 'PacLabPickActions';
export const TD_LOSS = 'PacLabTdLoss';
export const TD_LOSS_GRAD = 'PacLabTdLossGrad';

/** What td.ts's maskIllegal subtracts from an illegal action's value. */
const ILLEGAL_PENALTY = '1e9';

function shapeOf(t: TensorInfo | undefined, name: string, kernel: string): number[] {
  if (t === undefined) throw new Error(`${kernel}: input '${name}' is required`);
  return t.shape;
}

function deltaAttr(attrs: NamedAttrMap | undefined, kernel: string): number {
  const delta = attrs?.delta;
  if (typeof delta !== 'number' || !(delta > 0)) throw new Error(`${kernel}: attribute 'delta' must be a number > 0, got ${String(delta)}`);
  return delta;
}

/** [B, A] of the Q-values, checked against the actions (and target) rows. */
function qRows(args: KernelArgs, kernel: string): { rows: number; numActions: number } {
  const [rows, numActions] = shapeOf(args.inputs.q, 'q', kernel);
  const actions = shapeOf(args.inputs.actions, 'actions', kernel);
  if (rows === undefined || numActions === undefined || actions[0] !== rows || args.inputs.actions?.dtype !== 'int32') {
    throw new Error(`${kernel}: q must be [B, A] and actions int32 [B], got q [${args.inputs.q?.shape.join(', ')}], actions ${args.inputs.actions?.dtype} [${actions.join(', ')}]`);
  }
  return { rows, numActions };
}

export const tdTargetKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { qNextTarget, qNextOnline, returns, discounts, nextLegal } = args.inputs;
  const [rows, numActions] = shapeOf(qNextTarget, 'qNextTarget', TD_TARGET);
  if (rows === undefined || numActions === undefined || !returns || !discounts) throw new Error(`${TD_TARGET}: qNextTarget [B, A], returns and discounts are required`);
  const double = qNextOnline !== undefined;
  const masked = nextLegal !== undefined;
  const names = ['qNextTarget', 'returns', 'discounts', ...(double ? ['qNextOnline'] : []), ...(masked ? ['nextLegal'] : [])];
  const inputs = [qNextTarget, returns, discounts, ...(double ? [qNextOnline] : []), ...(masked ? [nextLegal] : [])] as TensorInfo[];
  const value = (source: string, a: string): string => (masked
    ? `(${source}[row + ${a}] + (nextLegal[row + ${a}] - 1.0) * ${ILLEGAL_PENALTY})`
    : `${source}[row + ${a}]`);
  const chooser = double ? 'qNextOnline' : 'qNextTarget';
  const body = `
      let row = index * ${numActions};
      var best = 0;
      var bestValue = ${value(chooser, '0')};
      for (var a = 1; a < ${numActions}; a++) {
        let v = ${value(chooser, 'a')};
        if (v > bestValue) { best = a; bestValue = v; }
      }
      let bootstrap = ${double ? 'qNextTarget[row + best]' : 'bestValue'};
      setOutputAtIndex(index, returns[index] + discounts[index] * bootstrap);`;
  countCall(TD_TARGET, 'custom');
  const program = new ElementProgram(names, `pacTdTarget_${numActions}_${double}_${masked}`, [rows], body);
  return webGpuBackend(args).runWebGPUProgram(program, inputs, 'float32');
};

export const pickActionsKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { rows, numActions } = qRows(args, PICK_ACTIONS);
  countCall(PICK_ACTIONS, 'custom');
  const program = new ElementProgram(['q', 'actions'], `pacPickActions_${numActions}`, [rows], `setOutputAtIndex(index, q[index * ${numActions} + actions[index]]);`);
  return webGpuBackend(args).runWebGPUProgram(program, [args.inputs.q, args.inputs.actions] as TensorInfo[], 'float32');
};

export const tdLossKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { rows, numActions } = qRows(args, TD_LOSS);
  const { q, actions, target, weights } = args.inputs;
  if (!target || !weights) throw new Error(`${TD_LOSS}: inputs target and weights are required`);
  const delta = deltaAttr(args.attrs, TD_LOSS);
  countCall(TD_LOSS, 'custom');
  const code = `
    var acc = 0.0;
    for (var b = t; b < ${rows}; b += ${REDUCE_THREADS}) {
      let e = q[b * ${numActions} + actions[b]] - targets[b];
      let quadratic = min(abs(e), uniforms.delta);
      let linear = abs(e) - quadratic;
      acc += weights[b] * (quadratic * quadratic * 0.5 + linear * uniforms.delta);
    }
    partial[t] = acc;
    let total = reduceAll(t);
    if (t == 0 && uniforms.size == 1) { result[0] = total / f32(${rows}); }`;
  const program = new UnitReduceProgram(['q', 'actions', 'targets', 'weights'], `pacTdLoss_${rows}_${numActions}`, [1], 1, code, 'delta : f32,');
  const out = webGpuBackend(args).runWebGPUProgram(program, [q, actions, target, weights] as TensorInfo[], 'float32', [{ type: 'float32', data: [delta] }]);
  return { dataId: out.dataId, shape: [], dtype: out.dtype };
};

export const tdLossGradKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { rows, numActions } = qRows(args, TD_LOSS_GRAD);
  const { dy, q, actions, target, weights } = args.inputs;
  if (!dy || !target || !weights) throw new Error(`${TD_LOSS_GRAD}: inputs dy, target and weights are required`);
  const delta = deltaAttr(args.attrs, TD_LOSS_GRAD);
  const body = `
      let b = index / ${numActions};
      if (index - b * ${numActions} == actions[b]) {
        let e = q[index] - targets[b];
        setOutputAtIndex(index, dy[0] * (weights[b] / f32(${rows})) * clamp(e, -uniforms.delta, uniforms.delta));
      } else {
        setOutputAtIndex(index, 0.0);
      }`;
  countCall(TD_LOSS_GRAD, 'custom');
  const program = new ElementProgram(['dy', 'q', 'actions', 'targets', 'weights'], `pacTdLossGrad_${rows}_${numActions}`, [rows, numActions], body, 'delta : f32,');
  return webGpuBackend(args).runWebGPUProgram(program, [dy, q, actions, target, weights] as TensorInfo[], 'float32', [{ type: 'float32', data: [delta] }]);
};
