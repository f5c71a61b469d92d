import type { MetadataRoute } from "next";

/**
 * The web app manifest: Scrip installs as "Scrip" and opens on the wallet, standalone (no browser bar), in the
 * brand colours of app/globals.css (--color-brand-600 on --color-brand-50). Icons: scripts/make-icons.ts.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/wallet",
    name: "Scrip",
    short_name: "Scrip",
    description:
      "Your Scrip wallet: coupons with a money value, kept on this device for when you are offline.",
    start_url: "/wallet",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#eefbf4",
    theme_color: "#0f7a4a",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
