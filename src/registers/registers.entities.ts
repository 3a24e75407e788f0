import { RegisterRequest } from './register-request.entity';

export const REGISTERS_ENTITIES = [RegisterRequest];
