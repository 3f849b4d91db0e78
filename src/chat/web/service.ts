// The web chat as a service of `planbot serve`: its routes join the shared HTTP server, and
// once that listens the address is printed, since the page is how most people first try planbot.
import type { ServiceFactory } from '../serve.js';
import { registerWebChat } from './api.js';

export const webChatServiceFactory: ServiceFactory = (ctx) => {
  if (!ctx.cfg.web) return null;
  registerWebChat({ app: ctx.app, http: ctx.http, logger: ctx.logger, questionsPerMinute: ctx.cfg.askLimit.perMinute, burst: ctx.cfg.askLimit.burst });
  return {
    name: 'web',
    async start() {
      const url = `http://localhost:${ctx.http.port}/`;
      ctx.logger.info({ url }, 'web chat listening');
      ctx.announce?.(`planbot: web chat at ${url} (PLANBOT_WEB=off turns it off)`);
    },
    async stop() {},
  };
};
