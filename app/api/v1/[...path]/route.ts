/** Any other path under /api/v1 answers a JSON 404 rather than an HTML page. */
const notFound = () =>
  Response.json(
    { error: { code: "NOT_FOUND", message: "There is no such API endpoint; see /api/v1/openapi.json." } },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
