import { bankAnswerUpload } from "./handler";

export const POST = bankAnswerUpload;
