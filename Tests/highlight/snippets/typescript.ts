interface User { id: number; name?: string }
type Id = string | number;
export function get<T>(id: Id): Promise<T> {
  const u: User = { id: 1 };
  return fetch(`/api/${id}`) as Promise<T>;
}
