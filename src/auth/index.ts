export * from './actor';
export { CurrentUser, Public, Roles } from './auth.decorators';
export { AuthModule } from './auth.module';
export { AuthService } from './auth.service';
