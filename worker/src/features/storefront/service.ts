/** Store finder: the pure part (distance and ranking), no I/O. */
export interface StoreInfo {
  id: string;
  name: string;
  address: string;
  phone: string;
  openingHours: string;
  latitude: number | null;
  longitude: number | null;
}

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Stores nearest to a point first; stores without coordinates last, by name. */
export function rankStoresByDistance(
  stores: StoreInfo[],
  from: { lat: number; lng: number },
  limit = 3,
): Array<StoreInfo & { distanceKm: number | null }> {
  return stores
    .map((s) => ({
      ...s,
      distanceKm:
        s.latitude !== null && s.longitude !== null
          ? distanceKm(from, { lat: s.latitude, lng: s.longitude })
          : null,
    }))
    .sort(
      (a, b) =>
        (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
        a.name.localeCompare(b.name),
    )
    .slice(0, limit);
}

export function formatDistance(km: number): string {
  return km < 1 ? `${Math.round(km * 1000)} m` : `${km.toFixed(km < 10 ? 1 : 0)} km`;
}
