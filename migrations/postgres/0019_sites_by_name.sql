-- Lists of sites come by name (`GET /api/v1/sites`, the home page): walked in this order, a
-- page of 50 stops after 50 rows instead of sorting every site the caller may see.
CREATE INDEX org_nodes_kind_name ON org_nodes (kind, name, id);
