/** Jest setup for every test file: decorator metadata, and the platform's JSON logger (warn and up). */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { JsonLogger } from '../src/common/logging/json-logger';
import type { LogLevel } from '../src/config/app.config';

Logger.overrideLogger(new JsonLogger((process.env.TEST_LOG_LEVEL as LogLevel | undefined) ?? 'warn'));
