export {
  currencyExponent,
  fromMinorUnits,
  type MoneyOptions,
  minorUnits,
  reportedAmount,
  toMinorUnits,
} from './money.js';
