/** The gen panels' pure parts: pending fields, the status line, the fields each model shows. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GEN_SLOTS, resolveSlotSettings } from '../../../src/gen/slot-config.js';
import { changedFields, CHOICES, MODEL_FIELDS, panelStatus } from '../../../src/ui/gen/gen-settings.js';

describe('gen panel settings', () => {
  it('names the fields a rebuild would change', () => {
    const vae = DEFAULT_GEN_SLOTS.vae;
    expect(changedFields(vae, vae)).toEqual([]);
    expect(changedFields(vae, { ...vae, data: 'frames', conditional: false, size: 84 })).toEqual(['data', 'conditional', 'size']);
  });

  it('offers 84x84 only where the models take it, and every default is one of the choices', () => {
    expect(MODEL_FIELDS.gan).not.toContain('size');
    expect(() => resolveSlotSettings('vae', { data: 'frames', conditional: false, size: 84 })).not.toThrow();
    expect(() => resolveSlotSettings('vae', { size: 84 })).toThrow(/vae\.size must be 32 for digits, got 84/);
    for (const model of ['vae', 'gan', 'diffusion'] as const) {
      for (const field of MODEL_FIELDS[model]) {
        expect(CHOICES[field as keyof typeof CHOICES] as readonly (string | number)[], `${model}.${field}`).toContain(DEFAULT_GEN_SLOTS[model][field]);
      }
    }
  });

  it('says the step, the rate while training, and the state', () => {
    expect(panelStatus(1200, 3.45, 'training')).toBe('step 1,200 · 3.5 steps/s · training');
    expect(panelStatus(0, 0, 'paused')).toBe('step 0 · paused');
  });
});
