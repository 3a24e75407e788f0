import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createUser, TEST_PASSWORD, type UserOverrides } from '../factories/user.factory';

/** a supertest agent holding a signed-in session, with the session's CSRF token */
export interface SignedInAgent {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
}

/** signs a user (created with TEST_PASSWORD) in through POST /api/auth/login, as the pages' forms do */
export async function signedIn(app: INestApplication, username: string): Promise<SignedInAgent> {
  const agent = request.agent(app.getHttpServer());
  const res = await agent.post('/api/auth/login').send({ username, password: TEST_PASSWORD }).expect(200);
  return { agent, csrf: (res.body as { csrfToken: string }).csrfToken };
}

/** creates the users (through the factory) and signs each in: their agents by username */
export async function createSignedInUsers(
  app: INestApplication,
  users: (UserOverrides & { username: string })[],
): Promise<Record<string, SignedInAgent>> {
  const agents: Record<string, SignedInAgent> = {};
  for (const user of users) {
    await createUser(app, user);
    agents[user.username] = await signedIn(app, user.username);
  }
  return agents;
}
