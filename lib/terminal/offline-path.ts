/**
 * The page the service worker shows for any navigation while the network is gone: the wallet terminal's shell,
 * which holds no personal data in its HTML (it renders from the encrypted copy in the browser). A public route,
 * so the worker can precache it without a session (app/offline/page.tsx).
 */
export const offlinePath = "/offline";
