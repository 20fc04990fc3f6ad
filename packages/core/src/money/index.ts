export {
  currencyExponent,
  fromMinorUnits,
  type MoneyOptions,
  minorUnits,
  toMinorUnits,
} from './money.js';
