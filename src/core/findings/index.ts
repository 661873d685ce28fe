export { checkDocument, verdictOf } from './check-document';
export { sameName } from './content-rules';
export { addressKey, entitled } from './parties';
export { POSTAL_CITY_REACH } from './protected-address';
export type { CheckInput } from './types';
