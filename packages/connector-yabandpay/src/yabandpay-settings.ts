import type { CommonSettings } from '@paykit/core';
import { commonSettingsSchema } from '@paykit/core/connector';
import * as v from 'valibot';
import { identifierSchema } from './yabandpay-api.js';

export interface YabandPaySettings extends CommonSettings {
  /** The merchant's HMAC secret key from the YabandPay dashboard. */
  secretKey: string;
  /** The default terminal id (TID, e.g. `T125119061`); `providerOptions.yabandpay.tid` overrides it. */
  tid?: string;
  /**
   * @internal The clock, in milliseconds, for test vectors. Not part of the public contract.
   */
  now?: () => number;
}

export const YABANDPAY_ID = 'yabandpay';
export const YABANDPAY_DISPLAY_NAME = 'YabandPay';
export const YABANDPAY_BASE_URL = 'https://mapi.yabandpay.com';

// Real secret keys are 32 hex characters; anything much shorter is a paste error or a placeholder.
const MIN_SECRET_LENGTH = 16;

export const settingsSchema = v.object({
  ...commonSettingsSchema.entries,
  secretKey: v.pipe(
    v.string('must be a string'),
    v.minLength(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`),
  ),
  tid: v.optional(identifierSchema),
  now: v.optional(v.custom<() => number>((f) => typeof f === 'function', 'must be a function')),
});

export type ParsedSettings = v.InferOutput<typeof settingsSchema>;
