-- What an import brought, found from the Gazette side: by kind and the id the object has
-- here. Teaching the spam classifier the imported comments' verdicts walks the comments in
-- id order and asks of each one whether an import brought it, and an export finds the
-- featured images still to fetch by their articles' ids. Without this index each such
-- lookup read every imported object of its kind: for the classifier, once per page of
-- comments, which is quadratic over a large import. The SQLite migration with the same
-- id matches it.
CREATE INDEX wordpress_objects_by_gazette_id ON wordpress_objects (kind, gazette_id);
