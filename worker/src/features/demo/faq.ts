/**
 * The demo's FAQ (its knowledge base), seeded by key. The first five stay where they are:
 * DEMO_KEYWORDS and the demo history's chats use DEMO_FAQ[0..3]'s answers. Its own file for its
 * length (./data re-exports it and DEMO_FAQ_EN).
 */
export const DEMO_FAQ = [
  {
    key: "hours",
    question: "營業時間是幾點到幾點？",
    variants: ["幾點開", "幾點關門", "營業時間", "opening hours"],
    answer:
      "各門市營業時間不同：台北信義 11:00–21:30、台中勤美 11:00–22:00、高雄駁二 12:00–21:00。線上商店 24 小時營業。",
    tags: ["門市"],
  },
  {
    key: "returns",
    question: "可以退換貨嗎？",
    variants: ["退貨", "換貨", "退款", "尺寸不合"],
    answer:
      "收到商品 7 天內可退換貨（商品需未使用、吊牌完整）。門市購買可至任一門市辦理；線上訂單請在「我的訂單」申請，我們會安排到府收件。",
    tags: ["售後"],
  },
  {
    key: "shipping",
    question: "運費怎麼算？",
    variants: ["運費", "免運", "寄送", "多久會到"],
    answer: "單筆滿 NT$1,000 免運，未滿收 NT$80。門市取貨免運。一般 2–3 個工作天送達。",
    tags: ["物流"],
  },
  {
    key: "points",
    question: "會員點數怎麼用？",
    variants: ["點數", "紅利", "集點", "點數到期"],
    answer:
      "每消費 NT$100 累積 1 點，1 點可折抵 NT$1，線上與門市都能用。點數於獲得隔年年底到期，到期前我們會通知您。",
    tags: ["會員"],
  },
  {
    key: "pickup",
    question: "可以門市取貨嗎？",
    variants: ["門市取貨", "自取", "到店取"],
    answer: "可以！結帳時選擇「門市取貨」並指定門市，到貨後會以 LINE 通知您，請於 7 天內取貨。",
    tags: ["物流", "門市"],
  },
  {
    key: "exchange",
    question: "尺寸不合，可以換尺寸嗎？",
    variants: ["換尺寸", "換大一號", "換小一號", "換顏色"],
    answer:
      "可以！收到商品 7 天內，同款商品可免費更換尺寸或顏色一次（商品需未使用、吊牌完整）。線上訂單請在「我的訂單」選擇「換貨」並選好新尺寸，我們寄出新品時會同時收回原商品，來回運費由我們負擔；門市購買可直接帶著商品到任一門市更換。想換的尺寸沒貨時，可改辦退貨退款。",
    tags: ["售後"],
  },
  {
    key: "sizes",
    question: "尺寸要怎麼選？有尺寸表嗎？",
    variants: ["尺寸表", "尺寸建議", "版型", "穿哪個尺寸"],
    answer:
      "每件商品頁的「尺寸表」都列有衣長、胸寬、肩寬等實際丈量尺寸（公分）。建議拿一件自己常穿的衣服平放量測後對照；版型偏大或偏小會在商品說明中註明。還是不確定的話，告訴我們您的身高、體重和平常穿的尺寸，客服會幫您推薦。",
    tags: ["商品"],
  },
  {
    key: "tracking",
    question: "訂單出貨了嗎？怎麼查物流進度？",
    variants: ["訂單查詢", "物流進度", "還沒收到", "出貨了沒"],
    answer:
      "可在 LINE 會員卡或官網的「我的訂單」查看訂單狀態。現貨商品於付款後 1–2 個工作天內出貨，預購商品依商品頁標示的出貨日為準；出貨後會以 LINE 傳送物流單號，點開即可追蹤配送進度。若收到出貨通知後超過 5 個工作天仍未收到包裹，請提供訂單編號，客服會立即為您查詢。",
    tags: ["訂單", "物流"],
  },
  {
    key: "cancel",
    question: "訂單可以取消嗎？",
    variants: ["取消訂單", "不想買了", "下錯單", "改訂單內容"],
    answer:
      "訂單尚未出貨前，可在「我的訂單」直接取消，已付款的金額會原路退回（信用卡約 7–14 個工作天入帳）。想更改商品、尺寸或數量，請取消後重新下單。訂單一旦出貨就無法取消，請在收到商品 7 天內申請退貨。",
    tags: ["訂單"],
  },
  {
    key: "address",
    question: "下單後可以修改收件地址或收件人嗎？",
    variants: ["改地址", "修改收件人", "地址寫錯", "改收件資料"],
    answer:
      "訂單出貨前，請在 LINE 留言告訴我們訂單編號和新的收件人、電話或地址，客服會為您修改；門市取貨的訂單也可以在出貨前更換取貨門市。宅配出貨後無法再由我們修改，可依 LINE 通知中的物流單號聯絡物流公司改約配送時間或地址。",
    tags: ["訂單", "物流"],
  },
  {
    key: "payment",
    question: "有哪些付款方式？",
    variants: ["付款方式", "刷卡", "LINE Pay", "貨到付款"],
    answer:
      "線上商店可使用信用卡（VISA / Mastercard / JCB，單筆滿 NT$3,000 可分 3 期 0 利率）、LINE Pay、ATM 轉帳（請於下單後 3 天內完成付款）及貨到付款。門市另接受現金、悠遊卡與街口支付。",
    tags: ["付款"],
  },
  {
    key: "invoice",
    question: "電子發票怎麼開？可以打統編嗎？",
    variants: ["電子發票", "載具", "統編", "發票捐贈"],
    answer:
      "我們一律開立電子發票。結帳時可選擇存入會員載具、手機條碼載具，或捐贈給公益團體；需要打統一編號，請在結帳時填寫公司抬頭與統編（門市請在結帳前告訴店員）。發票開立後無法改開統編，中獎時我們會寄送紙本發票到您的收件地址。",
    tags: ["付款"],
  },
  {
    key: "overseas",
    question: "可以寄到國外嗎？",
    variants: ["海外寄送", "寄國外", "國際運送", "寄香港"],
    answer:
      "目前線上商店只配送台灣地區（含澎湖、金門、馬祖），暫不提供海外寄送。人在海外的朋友可以請台灣親友代收後再轉寄，或來台時到門市選購。",
    tags: ["物流"],
  },
  {
    key: "membership",
    question: "怎麼加入會員、綁定 LINE 會員卡？",
    variants: ["加入會員", "綁定會員卡", "註冊會員", "會員卡"],
    answer:
      "點選官方帳號選單的「會員卡」，填寫資料並完成手機簡訊驗證，就能免費加入會員；在門市也可以掃描店員的 QR Code 綁定。曾在門市登記過的會員，請用同一支手機號碼綁定，原有的消費紀錄與點數會一併帶入。新會員加入即送 NT$100 折價券（單筆滿 NT$500 可用，60 天內有效）。",
    tags: ["會員"],
  },
  {
    key: "tiers",
    question: "會員等級怎麼分？有哪些福利？",
    variants: ["會員等級", "金卡", "白金", "升等"],
    answer:
      "會員等級依近 12 個月的累計消費（扣除退貨）計算：一般會員、金卡會員（滿 NT$10,000）、白金會員（滿 NT$30,000）。消費達到門檻當下就會升等，並送升等禮：金卡 NT$300 折價券（滿 NT$1,000 可用）、白金 NT$800 折價券（滿 NT$2,000 可用）。等級每年 1 月 1 日重新檢視，會員卡上可看到距離下一級還差多少。",
    tags: ["會員"],
  },
  {
    key: "coupons",
    question: "優惠券在哪裡看？要怎麼使用？",
    variants: ["優惠券", "折價券", "折扣碼", "券怎麼用"],
    answer:
      "您的優惠券都在 LINE 會員卡的「優惠券」頁面，可以看到面額、使用門檻與到期日。線上結帳時選擇要用的優惠券即可折抵；門市結帳時請出示優惠券條碼給店員掃描。每筆訂單限用一張，部分優惠券可以轉贈給 LINE 好友。",
    tags: ["會員"],
  },
  {
    key: "birthday",
    question: "生日有什麼優惠？",
    variants: ["生日禮", "生日優惠", "壽星", "生日券"],
    answer:
      "在會員資料填寫生日後，每年生日當月會收到「生日禮 9 折券」，可在會員卡的「優惠券」查看，效期 31 天，線上與門市皆可使用。生日填寫後無法自行修改，如需更正請聯絡客服。",
    tags: ["會員"],
  },
  {
    key: "restock",
    question: "商品賣完了還會補貨嗎？",
    variants: ["補貨", "缺貨", "貨到通知", "售完"],
    answer:
      "熱銷商品大多會再補貨。在商品頁點選「貨到通知」，補貨上架時會以 LINE 通知您。想知道門市是否還有庫存，歡迎留言告訴我們商品名稱、顏色與尺寸，客服會幫您查詢或安排門市調貨。",
    tags: ["商品"],
  },
  {
    key: "care",
    question: "衣服要怎麼洗？商品怎麼保養？",
    variants: ["洗滌方式", "可以烘乾嗎", "縮水", "保養"],
    answer:
      "請先參考商品內側的洗標。有機棉衣物建議翻面以冷水洗、放入洗衣袋，避免烘乾與漂白，平放或吊掛陰乾以減少縮水；羊毛襪請用冷水加中性洗劑手洗；帆布包以濕布局部擦拭，不要整個泡水；陶瓷馬克杯可以微波，建議手洗以保持釉色。",
    tags: ["商品"],
  },
  {
    key: "defect",
    question: "收到的商品有瑕疵或寄錯怎麼辦？",
    variants: ["瑕疵", "破損", "寄錯", "保固"],
    answer:
      "很抱歉造成您的不便！請在收到商品 7 天內，透過 LINE 傳給我們訂單編號和瑕疵處的照片，確認後會為您免費換新或退款，來回運費由我們負擔。正常使用 6 個月內若出現脫線、開膠等品質問題，也可以附上購買紀錄申請保固維修。",
    tags: ["售後"],
  },
  {
    key: "giftwrap",
    question: "可以包裝送禮嗎？",
    variants: ["禮品包裝", "送禮", "禮盒", "附卡片"],
    answer:
      "可以！線上結帳時加購「禮品包裝」NT$50，會以品牌禮盒包裝並附手寫卡片（想說的話請寫在訂單備註）；門市結帳時告訴店員即可。直接寄給收禮人時，出貨單不會顯示商品金額。",
    tags: ["商品"],
  },
  {
    key: "stores",
    question: "門市在哪裡？有停車場嗎？",
    variants: ["門市地址", "門市據點", "停車", "怎麼去"],
    answer:
      "台北信義旗艦店：台北市信義區松高路 11 號（捷運市政府站步行約 5 分鐘，可停百貨地下停車場）；台中勤美店：台中市西區公益路 68 號（周邊有公有停車場）；高雄駁二店：高雄市鹽埕區大勇路 1 號（輕軌駁二大義站旁，駁二園區設有停車場）。也可以直接傳送您的位置給我們，會回覆離您最近的門市。",
    tags: ["門市"],
  },
  {
    key: "live",
    question: "直播要怎麼下單？",
    variants: ["直播", "+1", "喊單", "直播結帳"],
    answer:
      "直播時在 LINE 群組留言「+1」就能下單；同時有多款商品時，請加上商品代號與規格，例如「A 紅M +1」，要 2 件打「+2」，想取消打「A-1」。下單成功後我們會在群組 @ 您並附上結帳連結，請在 24 小時內完成付款，逾時訂單會自動取消，名額讓給候補的朋友。",
    tags: ["直播"],
  },
  {
    key: "unsubscribe",
    question: "不想收到優惠推播，要怎麼取消？",
    variants: ["取消訂閱", "停止推播", "不要再傳", "訊息太多"],
    answer:
      "請開啟 LINE 會員卡的「我的資料」，點選「停止接收行銷訊息」，之後就不會再收到優惠與活動推播，點數、訂單與取貨通知仍會照常傳送；也可以在聊天室右上角關閉提醒。若封鎖官方帳號，就收不到訂單與取貨通知，請留意。",
    tags: ["會員"],
  },
  {
    key: "contact",
    question: "客服怎麼聯絡？服務時間是？",
    variants: ["客服電話", "真人客服", "聯絡客服", "客服時間"],
    answer:
      "直接在這個 LINE 聊天室留言就能找到客服，服務時間為週一至週五 10:00–19:00、週末 11:00–18:00，非服務時間的留言會在上班後盡快回覆。也可以撥打客服專線 0800-000-123（服務時間同上），或來信 service@omo-line.example。",
    tags: ["客服"],
  },
] as const;

/** DEMO_FAQ in English, entry for entry (same keys, same order): for readers whose LINE language is English. */
export const DEMO_FAQ_EN: ReadonlyArray<{
  key: (typeof DEMO_FAQ)[number]["key"];
  question: string;
  variants: readonly string[];
  answer: string;
}> = [
  {
    key: "hours",
    question: "What are your opening hours?",
    variants: ["what time do you open", "what time do you close", "opening hours", "business hours"],
    answer:
      "Each store keeps its own hours: Taipei Xinyi 11:00–21:30, Taichung Qinmei 11:00–22:00, Kaohsiung Pier-2 12:00–21:00. The online shop is open 24 hours a day.",
  },
  {
    key: "returns",
    question: "Can I return or exchange an item?",
    variants: ["return", "exchange", "refund", "wrong size"],
    answer:
      "You can return or exchange an item within 7 days of receiving it (unused, with its tags attached). Store purchases can be returned at any of our stores; for online orders, apply under “My orders” and we will arrange a pickup from your door.",
  },
  {
    key: "shipping",
    question: "How much is shipping?",
    variants: ["shipping fee", "free shipping", "delivery", "how long does delivery take"],
    answer:
      "Shipping is free on orders of NT$1,000 or more; below that it is NT$80. Store pickup is always free. Orders usually arrive in 2–3 working days.",
  },
  {
    key: "points",
    question: "How do I use my member points?",
    variants: ["points", "rewards", "collect points", "points expiry"],
    answer:
      "You earn 1 point for every NT$100 you spend, and each point is worth NT$1 off, online and in store. Points expire at the end of the year after the one you earned them in; we will remind you before they do.",
  },
  {
    key: "pickup",
    question: "Can I pick up my order in store?",
    variants: ["store pickup", "collect in store", "pick up myself"],
    answer:
      "Yes! Choose “Store pickup” at checkout and pick a store. We will let you know on LINE when your order arrives; please collect it within 7 days.",
  },
  {
    key: "exchange",
    question: "The size doesn't fit. Can I exchange it for another size?",
    variants: ["change size", "one size up", "one size down", "different colour"],
    answer:
      "Of course! Within 7 days of receiving your order you can exchange an item once, free of charge, for another size or colour of the same product (unused, with its tags attached). For online orders, choose “Exchange” under “My orders” and pick the new size: we collect the original when we deliver the new one, and we pay shipping both ways. Store purchases can be exchanged at any of our stores. If the size you want is out of stock, you can return the item for a refund instead.",
  },
  {
    key: "sizes",
    question: "How do I choose my size? Is there a size chart?",
    variants: ["size chart", "size advice", "fit", "which size should I get"],
    answer:
      "Every product page has a “Size chart” with the garment's actual measurements in centimetres (length, chest width, shoulder width and so on). The easiest way is to lay a piece you often wear flat, measure it and compare; if a style runs large or small, the product description says so. Still unsure? Tell us your height, weight and usual size, and our team will recommend one.",
  },
  {
    key: "tracking",
    question: "Has my order shipped? How do I track it?",
    variants: ["order status", "track my order", "not received yet", "has it shipped"],
    answer:
      "You can check your order's status under “My orders” on your LINE member card or on our website. In-stock items ship within 1–2 working days of payment; pre-orders ship on the date shown on the product page. Once your parcel ships we send you its tracking number on LINE, so you can follow the delivery. If it hasn't arrived 5 working days after the shipping notice, send us your order number and we will look into it straight away.",
  },
  {
    key: "cancel",
    question: "Can I cancel my order?",
    variants: ["cancel order", "don't want it anymore", "ordered by mistake", "change my order"],
    answer:
      "Until your order ships you can cancel it yourself under “My orders”; anything you paid goes back the way you paid it (credit card refunds take about 7–14 working days). To change the item, size or quantity, cancel and place a new order. Once an order has shipped it can no longer be cancelled: please request a return within 7 days of receiving it.",
  },
  {
    key: "address",
    question: "Can I change the delivery address or recipient after ordering?",
    variants: ["change address", "change recipient", "wrong address", "update delivery details"],
    answer:
      "Before your order ships, message us on LINE with your order number and the new recipient, phone number or address, and our team will update it; for store-pickup orders you can also switch the pickup store before shipping. Once a home delivery has shipped we can no longer change it, but you can contact the courier with the tracking number from our LINE notice to rearrange the delivery time or address.",
  },
  {
    key: "payment",
    question: "Which payment methods do you accept?",
    variants: ["payment methods", "pay by card", "LINE Pay", "cash on delivery"],
    answer:
      "Online you can pay by credit card (VISA / Mastercard / JCB; orders of NT$3,000 or more can be split into 3 interest-free instalments), LINE Pay, ATM transfer (please pay within 3 days of ordering) or cash on delivery. Our stores also take cash, EasyCard and JKOPAY.",
  },
  {
    key: "invoice",
    question: "How do e-invoices work? Can I get one with a company tax ID?",
    variants: ["e-invoice", "invoice carrier", "company tax ID", "donate invoice"],
    answer:
      "We issue electronic invoices (e-invoices) for every purchase. At checkout you can store it in your member carrier or mobile barcode carrier, or donate it to a charity. If you need a company tax ID (統編) on it, enter the company name and tax ID at checkout (in store, tell the staff before you pay). An invoice cannot be reissued with a tax ID afterwards. If your invoice wins the lottery, we will post the paper copy to your delivery address.",
  },
  {
    key: "overseas",
    question: "Do you ship overseas?",
    variants: ["international shipping", "ship abroad", "overseas delivery", "ship to Hong Kong"],
    answer:
      "For now the online shop only delivers within Taiwan (including Penghu, Kinmen and Matsu); we don't ship overseas yet. If you are abroad, a friend or relative in Taiwan can receive the order and forward it to you, or you can shop in one of our stores when you visit.",
  },
  {
    key: "membership",
    question: "How do I become a member and link the LINE member card?",
    variants: ["join membership", "link member card", "sign up", "member card"],
    answer:
      "Tap “Member card” in our official account's menu, fill in your details and verify your phone number by SMS: membership is free. In store you can also scan a staff member's QR code to link up. If you already registered at one of our stores, link with the same phone number and your purchase history and points come along. New members get an NT$100 coupon (on a single purchase of NT$500 or more, valid for 60 days).",
  },
  {
    key: "tiers",
    question: "What are the membership tiers and their benefits?",
    variants: ["membership tiers", "gold", "platinum", "tier upgrade"],
    answer:
      "Your tier follows what you spent over the last 12 months (less returns): Member, Gold (NT$10,000 or more) and Platinum (NT$30,000 or more). You move up the moment you reach a threshold and get an upgrade gift: an NT$300 coupon for Gold (on purchases of NT$1,000 or more) or an NT$800 coupon for Platinum (on NT$2,000 or more). Tiers are reviewed every 1 January; your member card shows how far you are from the next one.",
  },
  {
    key: "coupons",
    question: "Where do I find my coupons, and how do I use them?",
    variants: ["coupons", "vouchers", "discount code", "how to use a coupon"],
    answer:
      "All your coupons are on the “Coupons” page of your LINE member card, with their value, minimum spend and expiry date. Online, pick the coupon at checkout; in store, show its barcode to the staff to scan. One coupon per order; some coupons can be given to a LINE friend.",
  },
  {
    key: "birthday",
    question: "Is there a birthday offer?",
    variants: ["birthday gift", "birthday discount", "birthday month", "birthday coupon"],
    answer:
      "Add your birthday to your member profile and every year, in your birthday month, you will get a 10%-off birthday coupon in “Coupons” on your member card. It is valid for 31 days, online and in store. You can't change your birthday yourself once it is set; contact us if it needs correcting.",
  },
  {
    key: "restock",
    question: "Will a sold-out item be restocked?",
    variants: ["restock", "out of stock", "back-in-stock alert", "sold out"],
    answer:
      "Most popular items are restocked. Tap “Notify me” on the product page and we will tell you on LINE when it is back. To check whether a store still has one, send us the product name, colour and size: our team will check or arrange a transfer from another store.",
  },
  {
    key: "care",
    question: "How should I wash and care for my items?",
    variants: ["washing instructions", "can I tumble dry", "shrinking", "care"],
    answer:
      "Check the care label inside first. Organic cotton: wash inside out in cold water in a laundry bag, no tumble drying or bleach, and dry flat or hanging in the shade to limit shrinking. Wool socks: hand wash in cold water with a mild detergent. Canvas bags: spot clean with a damp cloth, don't soak them. Ceramic mugs are microwave safe; hand washing keeps the glaze looking its best.",
  },
  {
    key: "defect",
    question: "What if my item arrives damaged, faulty or wrong?",
    variants: ["defective", "damaged", "wrong item", "warranty"],
    answer:
      "We're sorry about that! Within 7 days of receiving it, send us your order number and a photo of the problem on LINE; once we've checked, we will replace it or refund you, free of charge, and pay shipping both ways. Quality problems such as loose seams or peeling glue within 6 months of normal use are covered by our warranty too: send us your proof of purchase for a repair.",
  },
  {
    key: "giftwrap",
    question: "Do you offer gift wrapping?",
    variants: ["gift wrap", "for a gift", "gift box", "gift card message"],
    answer:
      "Yes! Add “Gift wrapping” for NT$50 at checkout online and we will pack your order in our gift box with a handwritten card (write your message in the order notes); in store, just ask the staff when you pay. When we ship straight to the recipient, the packing slip shows no prices.",
  },
  {
    key: "stores",
    question: "Where are your stores? Is there parking?",
    variants: ["store address", "store locations", "parking", "how to get there"],
    answer:
      "Taipei Xinyi flagship store: No. 11, Songgao Rd., Xinyi Dist., Taipei (about a 5-minute walk from MRT Taipei City Hall; park in the department store's basement car park). Taichung Qinmei store: No. 68, Gongyi Rd., West Dist., Taichung (public car parks nearby). Kaohsiung Pier-2 store: No. 1, Dayong Rd., Yancheng Dist., Kaohsiung (next to the Light Rail's Pier-2 Dayi station; the Pier-2 Art Center has parking). You can also send us your location and we will reply with the store nearest you.",
  },
  {
    key: "live",
    question: "How do I order during a live stream?",
    variants: ["live stream", "+1", "order in live", "live checkout"],
    answer:
      "During the live stream, comment “+1” in the LINE group to order. When several items are on offer, add the item's code and option, for example “A 紅M +1”; type “+2” for two, and “A-1” to cancel. Once your order is in we @mention you in the group with a checkout link: please pay within 24 hours, or the order is cancelled and your place goes to the next person on the waiting list.",
  },
  {
    key: "unsubscribe",
    question: "How do I stop promotional messages?",
    variants: ["unsubscribe", "stop promotions", "stop messaging me", "too many messages"],
    answer:
      "Open “My profile” on your LINE member card and tap “Stop marketing messages”: you will no longer receive offers and event announcements, while points, order and pickup notices still come through. You can also turn off notifications from the top-right corner of this chat. If you block our official account, you won't get order and pickup notices either.",
  },
  {
    key: "contact",
    question: "How can I contact customer service, and when are you available?",
    variants: ["customer service phone", "talk to a person", "contact support", "customer service hours"],
    answer:
      "Just message us in this LINE chat to reach our team: we're here Monday to Friday 10:00–19:00 and weekends 11:00–18:00, and we reply to messages sent outside those hours as soon as we're back. You can also call our hotline on 0800-000-123 (same hours) or e-mail service@omo-line.example.",
  },
];
