-- orders per day
SELECT o.id, COUNT(*) AS n FROM orders o
WHERE o.created_at > '2024-01-01' AND o.total >= 10.5
GROUP BY o.id ORDER BY n DESC LIMIT 10; /* done */
create table t (id integer primary key, name text not null);
