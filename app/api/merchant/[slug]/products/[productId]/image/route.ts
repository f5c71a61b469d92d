import { getRequestContext } from "@/lib/auth/request-context";
import { runImageUpload } from "./handler";

type Params = { params: Promise<{ slug: string; productId: string }> };

export async function POST(request: Request, { params }: Params) {
  return runImageUpload(await getRequestContext(), request, await params);
}

export async function DELETE(request: Request, { params }: Params) {
  return runImageUpload(await getRequestContext(), request, await params);
}
