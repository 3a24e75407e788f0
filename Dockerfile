# The platform, configured by environment (see src/config/app.config.ts). Build: docker build -t mia-plattform .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY processes ./processes
COPY forms ./forms
COPY src/documents/templates ./src/documents/templates
COPY src/web/views ./src/web/views
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
