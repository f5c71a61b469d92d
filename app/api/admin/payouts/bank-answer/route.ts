import { getRequestContext } from "@/lib/auth/request-context";
import { runBankAnswerUpload } from "./handler";

export async function POST(request: Request) {
  return runBankAnswerUpload(await getRequestContext(), request);
}
