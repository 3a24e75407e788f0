import { AsylbLGRate } from './asylblg-rate.entity';
import { PaymentCardLoad } from './payment-card-load.entity';

/** The unit's own tables (MikroORM entities), registered in src/database/entity-registry.ts. */
export const BENEFITS_ENTITIES: (abstract new (...args: never[]) => object)[] = [
  AsylbLGRate,
  PaymentCardLoad,
];
