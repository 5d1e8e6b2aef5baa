//! Boroughs and the interest taxonomy: reference data written by the
//! migrations and never changed by the application, so it is read once at
//! start and kept in memory. Pages then need no query to name a borough or
//! an interest.

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Serialize;
use store::schema::{boroughs, interests};
use store::AnyConnection;

use crate::DirectoryError;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = boroughs)]
pub struct Borough {
    pub id: i32,
    /// ONS local authority code, e.g. `E09000022` for Lambeth.
    pub code: String,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = interests)]
pub struct Interest {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i32>,
    pub position: i32,
}

/// All boroughs and interests, with lookups by id, slug and code.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub boroughs: Vec<Borough>,
    /// Interests in display order: each top-level term followed by its children.
    pub interests: Vec<Interest>,
    borough_by_id: HashMap<i32, usize>,
    borough_by_slug: HashMap<String, usize>,
    borough_by_code: HashMap<String, usize>,
    interest_by_id: HashMap<i32, usize>,
    interest_by_slug: HashMap<String, usize>,
}

impl Reference {
    pub fn load(conn: &mut AnyConnection) -> Result<Reference, DirectoryError> {
        let boroughs = boroughs::table
            .select(Borough::as_select())
            .order(boroughs::name)
            .load(conn)?;
        let all: Vec<Interest> = interests::table.select(Interest::as_select()).load(conn)?;
        Ok(Reference::new(boroughs, all))
    }

    pub fn new(boroughs: Vec<Borough>, all_interests: Vec<Interest>) -> Reference {
        let mut tops: Vec<&Interest> = all_interests.iter().filter(|i| i.parent_id.is_none()).collect();
        tops.sort_by_key(|i| i.position);
        let mut interests = Vec::with_capacity(all_interests.len());
        for top in tops {
            interests.push(top.clone());
            let mut kids: Vec<&Interest> = all_interests.iter().filter(|i| i.parent_id == Some(top.id)).collect();
            kids.sort_by_key(|i| i.position);
            interests.extend(kids.into_iter().cloned());
        }
        let mut r = Reference {
            boroughs,
            interests,
            ..Reference::default()
        };
        for (i, b) in r.boroughs.iter().enumerate() {
            r.borough_by_id.insert(b.id, i);
            r.borough_by_slug.insert(b.slug.clone(), i);
            r.borough_by_code.insert(b.code.clone(), i);
        }
        for (i, t) in r.interests.iter().enumerate() {
            r.interest_by_id.insert(t.id, i);
            r.interest_by_slug.insert(t.slug.clone(), i);
        }
        r
    }

    pub fn borough(&self, id: i32) -> Option<&Borough> {
        self.borough_by_id.get(&id).map(|&i| &self.boroughs[i])
    }

    pub fn borough_by_slug(&self, slug: &str) -> Option<&Borough> {
        self.borough_by_slug.get(slug).map(|&i| &self.boroughs[i])
    }

    pub fn borough_by_code(&self, code: &str) -> Option<&Borough> {
        self.borough_by_code.get(code).map(|&i| &self.boroughs[i])
    }

    pub fn interest(&self, id: i32) -> Option<&Interest> {
        self.interest_by_id.get(&id).map(|&i| &self.interests[i])
    }

    pub fn interest_by_slug(&self, slug: &str) -> Option<&Interest> {
        self.interest_by_slug.get(slug).map(|&i| &self.interests[i])
    }

    pub fn top_interests(&self) -> impl Iterator<Item = &Interest> {
        self.interests.iter().filter(|i| i.parent_id.is_none())
    }

    pub fn children(&self, parent: i32) -> impl Iterator<Item = &Interest> {
        self.interests.iter().filter(move |i| i.parent_id == Some(parent))
    }

    /// The interest and, for a top-level term, all its children: browsing
    /// "Sport & exercise" should show the walking groups too.
    pub fn interest_and_children(&self, id: i32) -> Vec<i32> {
        let mut ids = vec![id];
        ids.extend(self.children(id).map(|i| i.id));
        ids
    }
}
