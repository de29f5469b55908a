# SPDX-License-Identifier: Apache-2.0
"""Reference FastAPI app reproducing the Phota API request schema for profile creation and listing.

Used only to record golden answers (validation: generate.py; routing: record_routing.py); never deployed.
The routes that take a profile id only echo it, so the routing goldens show what FastAPI captured.
"""
from enum import Enum
from typing import Optional

from fastapi import FastAPI, Query
from pydantic import BaseModel, Field, model_validator


class TrainingTier(str, Enum):
    """Training tier for a profile job."""

    STANDARD = "standard"
    FAST = "fast"


# Allowed image counts per tier, inclusive (reference: phota-api.md, "Add request").
TIER_IMAGE_RANGE = {
    TrainingTier.STANDARD: (10, 50),
    TrainingTier.FAST: (5, 10),
}


class AddProfileRequest(BaseModel):
    """Request body for creating a new profile."""

    image_urls: list[str] = Field(..., min_length=5, max_length=50)
    training_tier: TrainingTier = TrainingTier.STANDARD
    tag: Optional[str] = Field(default=None, min_length=1, max_length=128)

    @model_validator(mode="after")
    def check_tier_image_count(self) -> "AddProfileRequest":
        low, high = TIER_IMAGE_RANGE[self.training_tier]
        count = len(self.image_urls)
        if not low <= count <= high:
            raise ValueError(
                f"training_tier '{self.training_tier.value}' requires {low} to {high} image_urls, got {count}"
            )
        return self


app = FastAPI(openapi_url="/v1/phota/openapi.json")


@app.post("/v1/phota/profiles/add")
def add_profile(request: AddProfileRequest) -> dict:
    # Echo the validated values so the golden files show what a valid request means.
    return {
        "ok": True,
        "image_urls": request.image_urls,
        "training_tier": request.training_tier.value,
        "tag": request.tag,
    }


@app.get("/v1/phota/profiles/ids")
def list_profile_ids(tag: str | None = Query(default=None, min_length=1, max_length=128)) -> dict:
    return {"ok": True, "tag": tag}


@app.get("/v1/phota/profiles/{profile_id}/status")
def profile_status(profile_id: str) -> dict:
    return {"ok": True, "profile_id": profile_id}


@app.get("/v1/phota/profiles/{profile_id}/profile_picture")
def profile_picture(profile_id: str) -> dict:
    return {"ok": True, "profile_id": profile_id}


@app.delete("/v1/phota/profiles/{profile_id}")
def delete_profile(profile_id: str) -> dict:
    return {"ok": True, "profile_id": profile_id}
