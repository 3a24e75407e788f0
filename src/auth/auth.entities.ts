import { HttpSession } from './http-session.entity';
import { User } from './user.entity';

export const AUTH_ENTITIES = [User, HttpSession];
