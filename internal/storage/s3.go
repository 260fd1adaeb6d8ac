package storage

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 stores blobs in an S3-compatible bucket (AWS S3, MinIO, R2, ...).
type S3 struct {
	client *minio.Client
	bucket string
}

// S3Config says where the bucket is.
type S3Config struct {
	Endpoint  string // host[:port], e.g. "s3.ap-southeast-1.amazonaws.com"
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string
	UseSSL    bool
}

// NewS3 connects to the bucket, creating it when missing.
func NewS3(ctx context.Context, c S3Config) (*S3, error) {
	client, err := minio.New(c.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""), Secure: c.UseSSL, Region: c.Region})
	if err != nil {
		return nil, fmt.Errorf("storage.NewS3: %w", err)
	}
	ok, err := client.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("storage.NewS3: bucket %s: %w", c.Bucket, err)
	}
	if !ok {
		if err := client.MakeBucket(ctx, c.Bucket, minio.MakeBucketOptions{Region: c.Region}); err != nil {
			return nil, fmt.Errorf("storage.NewS3: create bucket %s: %w", c.Bucket, err)
		}
	}
	return &S3{client: client, bucket: c.Bucket}, nil
}

// Put uploads the blob (streamed, size unknown).
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	if !ValidKey(key) {
		return fmt.Errorf("storage: invalid key %q", key)
	}
	// UNSIGNED-PAYLOAD: the body is not hashed before sending (TLS protects it); some S3-compatible
	// servers do not accept the chunked signature minio-go would otherwise use for a stream.
	if _, err := s.client.PutObject(ctx, s.bucket, key, r, -1, minio.PutObjectOptions{PartSize: 16 << 20, DisableContentSha256: true}); err != nil {
		return fmt.Errorf("storage.Put: %w", err)
	}
	return nil
}

// Open returns the blob's content, or ErrNotFound.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !ValidKey(key) {
		return nil, ErrNotFound
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, notFound(err)
	}
	if _, err := obj.Stat(); err != nil { // GetObject is lazy: Stat reports a missing key
		obj.Close()
		return nil, notFound(err)
	}
	return obj, nil
}

func notFound(err error) error {
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return ErrNotFound
	}
	return fmt.Errorf("storage.Open: %w", err)
}

// Delete removes a blob; a missing one is not an error.
func (s *S3) Delete(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("storage: invalid key %q", key)
	}
	return s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// DeletePrefix removes every blob under prefix ("logos/{company}").
func (s *S3) DeletePrefix(ctx context.Context, prefix string) error {
	if !ValidKey(prefix) {
		return fmt.Errorf("storage: invalid prefix %q", prefix)
	}
	objects := s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix + "/", Recursive: true})
	var errs []error
	for e := range s.client.RemoveObjects(ctx, s.bucket, objects, minio.RemoveObjectsOptions{}) {
		errs = append(errs, e.Err)
	}
	return errors.Join(errs...)
}
