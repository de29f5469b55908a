# SPDX-License-Identifier: Apache-2.0
"""Reference FastAPI app reproducing the Phota API request schemas: profile creation and listing, and the studio
endpoints (edit, generate, enhance, remix).

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


class AspectRatio(str, Enum):
    AUTO = "auto"
    SQUARE = "1:1"
    PORTRAIT_3_4 = "3:4"
    LANDSCAPE_4_3 = "4:3"
    PORTRAIT_9_16 = "9:16"
    LANDSCAPE_16_9 = "16:9"


class Resolution(str, Enum):
    R1K = "1K"
    R2K = "2K"
    R4K = "4K"


class BaseModelName(str, Enum):
    NB2 = "nb2"
    GPT_IMAGE_2 = "gpt-image-2"
    QWEN_IMAGE_2 = "qwen-image-2"
    FLUX_2 = "flux-2"
    REVE = "reve"


class Quality(str, Enum):
    AUTO = "auto"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class OutputFormat(str, Enum):
    PNG = "png"
    JPG = "jpg"


class ResponseMode(str, Enum):
    BYTES = "bytes"
    URLS = "urls"


# Decided where the public docs are silent (fixtures/validation/README.md, "Studio models"):
# - No length limit on prompts or image strings: the docs give none, and a made-up one would refuse requests the
#   real service serves; the body size limit bounds them.
# - `quality` with a base model other than gpt-image-2, and a resolution the model does not offer, are the
#   handler's 400s, not schema errors: both pass validation here.
# - `async: true` needs `response_mode: "urls"`: a model validator, so a 422 value_error at ["body"].


def check_async(request) -> None:
    if request.async_ and request.response_mode != ResponseMode.URLS:
        raise ValueError(f"async requires response_mode 'urls', got '{request.response_mode.value}'")


class EditRequest(BaseModel):
    """Request body of POST /v1/phota/edit."""

    prompt: str = ""
    images: list[str] = Field(default_factory=list, max_length=10)
    profile_ids: list[str] = Field(default_factory=list)
    num_output_images: int = Field(default=1, ge=1, le=4)
    aspect_ratio: AspectRatio = AspectRatio.AUTO
    resolution: Resolution = Resolution.R1K
    base_model: BaseModelName = BaseModelName.NB2
    quality: Optional[Quality] = None
    output_format: OutputFormat = OutputFormat.PNG
    response_mode: ResponseMode = ResponseMode.BYTES
    async_: bool = Field(default=False, alias="async")
    callback_url: Optional[str] = None
    client_request_id: Optional[str] = None

    @model_validator(mode="after")
    def check_async_mode(self) -> "EditRequest":
        check_async(self)
        return self


class GenerateRequest(BaseModel):
    """Request body of POST /v1/phota/generate: edit's without images and profile_ids."""

    prompt: str = ""
    num_output_images: int = Field(default=1, ge=1, le=4)
    aspect_ratio: AspectRatio = AspectRatio.AUTO
    resolution: Resolution = Resolution.R1K
    base_model: BaseModelName = BaseModelName.NB2
    quality: Optional[Quality] = None
    output_format: OutputFormat = OutputFormat.PNG
    response_mode: ResponseMode = ResponseMode.BYTES
    async_: bool = Field(default=False, alias="async")
    callback_url: Optional[str] = None
    client_request_id: Optional[str] = None

    @model_validator(mode="after")
    def check_async_mode(self) -> "GenerateRequest":
        check_async(self)
        return self


class EnhanceRequest(BaseModel):
    """Request body of POST /v1/phota/enhance."""

    image: str
    profile_ids: list[str] = Field(default_factory=list)
    prompt: Optional[str] = None
    num_output_images: int = Field(default=1, ge=1, le=4)
    output_format: OutputFormat = OutputFormat.PNG
    response_mode: ResponseMode = ResponseMode.BYTES
    async_: bool = Field(default=False, alias="async")
    callback_url: Optional[str] = None
    client_request_id: Optional[str] = None

    @model_validator(mode="after")
    def check_async_mode(self) -> "EnhanceRequest":
        check_async(self)
        return self


class RemixRequest(BaseModel):
    """Request body of POST /v1/phota/remix (its output is always 2K)."""

    input_image: str
    reference_image: str
    profile_ids: list[str] = Field(default_factory=list)
    prompt: Optional[str] = None
    num_output_images: int = Field(default=1, ge=1, le=4)
    output_format: OutputFormat = OutputFormat.PNG
    response_mode: ResponseMode = ResponseMode.BYTES
    async_: bool = Field(default=False, alias="async")
    callback_url: Optional[str] = None
    client_request_id: Optional[str] = None

    @model_validator(mode="after")
    def check_async_mode(self) -> "RemixRequest":
        check_async(self)
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


def echo(request: BaseModel) -> dict:
    # The validated values under their JSON names, enums as their values, so the golden files show what a valid
    # request means.
    return {"ok": True, **request.model_dump(mode="json", by_alias=True)}


@app.post("/v1/phota/edit")
def edit(request: EditRequest) -> dict:
    return echo(request)


@app.post("/v1/phota/generate")
def generate(request: GenerateRequest) -> dict:
    return echo(request)


@app.post("/v1/phota/enhance")
def enhance(request: EnhanceRequest) -> dict:
    return echo(request)


@app.post("/v1/phota/remix")
def remix(request: RemixRequest) -> dict:
    return echo(request)
