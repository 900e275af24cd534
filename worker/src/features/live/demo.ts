import { liveProducts, liveSales, liveVariants } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { normalizeText } from "../../lib/text/normalize";

/** The sandbox's demo sale, in draft: the seller opens it in the console and "+1" starts. */
export const DEMO_SALE_ID = "sal_demo_friday";

const PRODUCTS = [
  {
    code: "A",
    name: "有機棉素T",
    price: 590,
    perBuyerLimit: 3,
    variants: [
      { name: "紅 M", stock: 5 },
      { name: "紅 L", stock: 5 },
      { name: "黑 M", stock: 5 },
      { name: "黑 L", stock: 3 },
    ],
  },
  { code: "B", name: "手作陶瓷馬克杯", price: 450, perBuyerLimit: 2, stock: 12 },
  { code: "C", name: "羊毛圍巾", price: 890, perBuyerLimit: null, stock: 6 },
  { code: "D01", name: "香氛蠟燭禮盒", price: 1280, perBuyerLimit: 1, stock: 3 },
];

/** Seeds the demo sale once (fixed ids; a rerun inserts nothing). */
export async function seedDemoSale(deps: Pick<AppDeps, "db">): Promise<void> {
  const { db } = deps;
  const statements: BatchStatement[] = [
    db
      .insert(liveSales)
      .values({
        id: DEMO_SALE_ID,
        title: "週五晚間直播・冬季新品",
        status: "draft",
        featuredCode: "B",
        // Nobody holds this key; the console and demo relays use the admin token.
        ingestKeyHash: "0".repeat(64),
        holdMinutes: 1440,
        createdAt: new Date(Date.UTC(2026, 10, 1)),
      })
      .onConflictDoNothing(),
  ];
  PRODUCTS.forEach((p, i) => {
    const productId = `lpr_demo_${p.code}`;
    statements.push(
      db
        .insert(liveProducts)
        .values({
          id: productId,
          saleId: DEMO_SALE_ID,
          code: p.code,
          codeKey: normalizeText(p.code),
          name: p.name,
          price: p.price,
          perBuyerLimit: p.perBuyerLimit,
          position: i,
        })
        .onConflictDoNothing(),
    );
    const units = p.variants ?? [{ name: null, stock: p.stock ?? 0 }];
    units.forEach((v, j) => {
      statements.push(
        db
          .insert(liveVariants)
          .values({
            id: `lvr_demo_${p.code}_${j}`,
            saleId: DEMO_SALE_ID,
            productId,
            name: v.name,
            stock: v.stock,
            position: j,
          })
          .onConflictDoNothing(),
      );
    });
  });
  await batch(db, statements);
}
