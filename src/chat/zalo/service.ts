// The Zalo channel as a service of `planbot serve`: on when the OA's app id and secret key are
// set. Its replies are sent by the outbox sender of the reminder service, which it wakes.
import type { ServiceFactory } from '../serve.js';
import { ZaloChannel } from './channel.js';

export const zaloServiceFactory: ServiceFactory = (ctx) => {
  const z = ctx.cfg.zalo;
  if (!z.appId || !z.oaSecretKey) {
    ctx.logger.info('Zalo is off: set ZALO_APP_ID, ZALO_OA_SECRET_KEY, ZALO_APP_SECRET and ZALO_REFRESH_TOKEN to run the Official Account webhook');
    return null;
  }
  const channel = new ZaloChannel({
    ...z,
    appId: z.appId,
    oaSecretKey: z.oaSecretKey,
    core: ctx.core,
    store: ctx.app.store,
    http: ctx.http,
    logger: ctx.logger,
    onOutboxWritten: () => ctx.wakeSender?.(),
  });
  ctx.zalo = channel;
  return channel;
};
