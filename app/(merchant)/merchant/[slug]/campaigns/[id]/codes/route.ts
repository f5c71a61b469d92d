import { campaignCodesPost } from "@/lib/campaigns/campaign-codes-route";

/** POST (a form after the owner's passkey): the campaign's claim links as CSV, or a printable QR sheet. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return campaignCodesPost(request, (await params).id);
}
